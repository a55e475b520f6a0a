/**
 * A runnable CDKTF app: the identity directory of identities.yaml plus one team defined in code.
 * `npm run build && node dist/examples/cdktf/main.js` (or `cdktf synth`, see cdktf.json) writes
 * cdktf.out/stacks/apono-identities/cdk.tf.json. The provider reads APONO_ENDPOINT and
 * APONO_PERSONAL_TOKEN from the environment when Terraform runs it: nothing secret is synthesized.
 * With APONO_IDENTITIES_FILE set (e.g. to the file `terraform-provider-apono export --format yaml`
 * wrote), the stack declares that directory alone, without the example's on-call team.
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
  /**
   * Add the on-call team defined in code (it names grace@example.com of the example directory).
   * @default true
   */
  readonly onCallTeam?: boolean;
}

/** The example stack: the directory of a file, and (unless `onCallTeam` is false) an on-call team with one new user. */
export class AponoIdentitiesStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AponoIdentitiesStackProps) {
    super(scope, id);
    if (props.stateFile !== undefined) new LocalBackend(this, { path: props.stateFile });
    // No endpoint or token here: the provider reads APONO_ENDPOINT and APONO_PERSONAL_TOKEN.
    new provider.AponoProvider(this, 'apono');
    const directory = new IdentityDirectory(this, 'Directory', { file: props.identitiesFile });
    if (props.onCallTeam === false) return;
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

/** The example directory, relative to the repository root. */
export const EXAMPLE_IDENTITIES_FILE = 'examples/cdktf/identities.yaml';

/**
 * The stack's props from the environment: APONO_IDENTITIES_FILE (when set and not blank) is a
 * directory declared alone; otherwise the example directory and its on-call team.
 */
export function examplePropsFromEnv(env: NodeJS.ProcessEnv): AponoIdentitiesStackProps {
  const file = env['APONO_IDENTITIES_FILE']?.trim();
  return file === undefined || file === ''
    ? { identitiesFile: EXAMPLE_IDENTITIES_FILE }
    : { identitiesFile: file, onCallTeam: false };
}

if (require.main === module) {
  // Run from the repository root (where cdktf.json is), as the cdktf CLI does.
  buildExampleApp(examplePropsFromEnv(process.env)).synth();
}
