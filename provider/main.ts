/**
 * Entry point of the terraform-provider-apono plugin executable (bin/terraform-provider-apono calls
 * main()). As a plugin, stdout carries exactly one thing: the go-plugin handshake line. The
 * subcommands `install`, `report` and `export` are command-line tools run by people and CI instead.
 */
import { aponoProvider } from './provider';
import { runInstall } from './install';
import { runReport } from './report/command';
import { embeddedAssets } from './embedded';
import { createLogger } from './log';
import { hasMagicCookie, negotiateProtocolVersion, NOT_A_PLUGIN_MESSAGE } from './transport/handshake';
import { serve } from './transport/serve';

export { serve } from './transport/serve';
export type { ServeOptions, ServedProvider } from './transport/serve';

/** Sends console.log/info/debug to stderr: any stray byte on stdout breaks Terraform's handshake. */
export function routeConsoleToStderr(): void {
  const toStderr = console.error.bind(console);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

const DEBUG_FLAG = '--debug';

/**
 * Runs the plugin: checks the magic cookie, serves the Apono provider and prints the handshake.
 * With --debug it serves in reattach mode and prints the TF_REATTACH_PROVIDERS value instead.
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  routeConsoleToStderr();
  if (argv[0] === 'install') {
    process.exitCode = runInstall(argv.slice(1));
    return;
  }
  if (argv[0] === 'report') {
    process.exitCode = runReport(argv.slice(1));
    return;
  }
  if (argv[0] === 'export') {
    // Loaded only here: export needs the API client (axios, ajv), which a plugin launch loads lazily.
    const { runExport } = await import('./export/command');
    process.exitCode = await runExport(argv.slice(1));
    return;
  }
  const logger = createLogger();
  const embedded = embeddedAssets();
  if (embedded !== undefined) logger.debug('Bundled executable', { code_cache: embedded.codeCache });
  if (argv.includes(DEBUG_FLAG)) {
    const served = await serve(aponoProvider, { reattach: true, logger });
    process.stderr.write(`Provider serving in reattach mode. In another shell run:\n\n`);
    process.stdout.write(`export TF_REATTACH_PROVIDERS='${served.reattachProviders}'\n`);
    return;
  }
  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_A_PLUGIN_MESSAGE);
    process.exit(1);
  }
  if (negotiateProtocolVersion(env) === null) {
    process.stderr.write(
      `This provider speaks plugin protocol 6 only; Terraform offered ${env['PLUGIN_PROTOCOL_VERSIONS']}. ` +
        'Use Terraform 1.0 or newer.\n',
    );
    process.exit(1);
  }
  try {
    const served = await serve(aponoProvider, { env, logger });
    process.stdout.write(`${served.handshake}\n`);
  } catch (error: unknown) {
    process.stderr.write(
      `terraform-provider-apono failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
