import { aponoProvider } from '../../provider/provider';
import { createLogger } from '../../provider/log';
import { userResource } from '../../provider/resources/user';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';

describe('StopProvider', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('GIVEN a read held up by a slow API WHEN the provider is stopped THEN the read ends at once as cancelled', async () => {
    const { ctx } = await aponoProvider.configure(
      {
        endpoint: sandbox.url,
        personal_token: sandbox.token,
        max_retries: 0,
        requests_per_second: null,
        request_timeout: 60,
      },
      createLogger({ write: () => undefined }),
    );
    await sandbox.control.setFaults({ latency_ms: 20_000 });
    const started = Date.now();
    const read = userResource.read({ id: 'u_missing' }, ctx!);
    setTimeout(() => aponoProvider.stop(ctx!), 200);
    const result = await read;
    expect(result.diagnostics?.[0].summary).toContain('Cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
    await sandbox.control.setFaults({});
  });

  it('GIVEN the access check held up by a slow API WHEN the provider is stopped during configure THEN configure ends at once as cancelled', async () => {
    await sandbox.control.setFaults({ latency_ms: 20_000 });
    const configuring = aponoProvider.configure(
      { endpoint: sandbox.url, personal_token: sandbox.token, max_retries: 0 },
      createLogger({ write: () => undefined }),
    );
    setTimeout(() => aponoProvider.stop(null), 200);
    const result = await configuring;
    await sandbox.control.setFaults({});
    expect(result.ctx).toBeNull();
    expect(result.diagnostics[0]?.summary).toContain('Cancelled');
  });
});
