import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'apono-sandbox');

/** Runs the CLI to completion with a deadline and returns its exit code and output. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the CLI did not exit within 10 s'));
    }, 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

describe('apono-sandbox command line', () => {
  let sandbox: SandboxHandle | undefined;
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('GIVEN a started sandbox WHEN requests are served THEN stdout holds exactly the one listening line', async () => {
    sandbox = await startSandboxProcess();
    await sandbox.control.request('GET', '/api/admin/v3/users');
    await sandbox.control.request('GET', '/nope');
    expect(sandbox.stdout()).toBe(`apono-sandbox listening on http://127.0.0.1:${sandbox.port}\n`);
  });

  test('GIVEN a running sandbox WHEN it receives SIGTERM THEN it exits with code 0', async () => {
    const running = await startSandboxProcess();
    await running.stop();
    expect(running.process.exitCode).toBe(0);
  });

  test('GIVEN a running sandbox WHEN it receives SIGINT THEN it exits with code 0', async () => {
    const running = await startSandboxProcess();
    const exited = new Promise<number | null>((resolve) =>
      running.process.once('exit', (code) => resolve(code)),
    );
    running.process.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  test('GIVEN no token anywhere WHEN started THEN it exits 2 with a message naming --token', async () => {
    const result = await runCli(['--port', '0'], envWithout('APONO_SANDBOX_TOKEN'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a token is required: pass --token TOKEN or set APONO_SANDBOX_TOKEN');
    expect(result.stdout).toBe('');
  });

  test('GIVEN an unknown option WHEN started THEN it exits 2', async () => {
    const result = await runCli(['--token', 't', '--bogus'], process.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--bogus');
  });

  test('GIVEN the token and port in the environment WHEN started THEN they are used', async () => {
    const env = {
      ...envWithout('APONO_SANDBOX_DATA'),
      APONO_SANDBOX_TOKEN: 'from-env',
      APONO_SANDBOX_PORT: '0',
    };
    const child = spawn(process.execPath, [BIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listening line within 10 s')), 10_000);
        child.stdout.once('data', (chunk: Buffer) => {
          clearTimeout(timer);
          resolve(chunk.toString());
        });
      });
      const url = line.trim().replace('apono-sandbox listening on ', '');
      const response = await fetch(`${url}/_sandbox/health`, {
        headers: { authorization: 'Bearer from-env' },
      });
      expect(response.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
