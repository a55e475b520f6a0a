/**
 * A runnable CDKTF app: the identity directory of identities.yaml plus one team defined in code.
 * `npm run build && node dist/examples/cdktf/main.js` (or `cdktf synth`, see cdktf.json) writes
 * cdktf.out/stacks/apono-identities/cdk.tf.json. The provider reads APONO_ENDPOINT and
 * APONO_PERSONAL_TOKEN from the environment when Terraform runs it: nothing secret is synthesized.
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AponoTeam, IdentityDirectory, provider } from '../../constructs';

/** Properties of {@link AponoIdentitiesStack}. */
export interface AponoIdentitiesStackProps {
  /** The YAML or JSON file of the identity directory. */
  readonly identitiesFile: string;
  /**
   * Where Terraform keeps the state (a local backend).
   * @default - terraform.<stack name>.tfstate in the directory the app runs from
   */
  readonly stateFile?: string;
}

/** The example stack: the directory of a file, and an on-call team with one new user. */
export class AponoIdentitiesStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AponoIdentitiesStackProps) {
    super(scope, id);
    if (props.stateFile !== undefined) new LocalBackend(this, { path: props.stateFile });
    // No endpoint or token here: the provider reads APONO_ENDPOINT and APONO_PERSONAL_TOKEN.
    new provider.AponoProvider(this, 'apono');
    const directory = new IdentityDirectory(this, 'Directory', { file: props.identitiesFile });
    new AponoTeam(this, 'OnCall', {
      name: 'on-call',
      newUsers: [{ email: 'linus@example.com', fullName: 'Linus Torvalds', phoneNumber: '+1 415 555 0100' }],
      existingMembers: [directory.user('grace@example.com').email],
    });
  }
}

/** The stack's name: its output is cdktf.out/stacks/<name>/cdk.tf.json. */
export const STACK_NAME = 'apono-identities';

/** Builds the example app; the cdktf CLI sets CDKTF_OUTDIR, else `outdir` (default cdktf.out). */
export function buildExampleApp(props: AponoIdentitiesStackProps, outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new AponoIdentitiesStack(app, STACK_NAME, props);
  return app;
}

if (require.main === module) {
  // Run from the repository root (where cdktf.json is), as the cdktf CLI does.
  buildExampleApp({ identitiesFile: 'examples/cdktf/identities.yaml' }).synth();
}
