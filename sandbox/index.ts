/** The sandbox as a library: start it in-process with `startSandbox`. */
export { startSandbox, type RunningSandbox, type SandboxOptions } from './server';
