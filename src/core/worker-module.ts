import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * A worker thread's module beside the module starting it, and the flags to start it with. Run from the TypeScript
 * sources (tests, tsx), the worker is a .ts file and needs tsx's loader too; otherwise no flags are given, so the
 * worker inherits the process's: Node refuses some of them given explicitly (`node --stack-size=… paperbot …`).
 */
export function workerModule(
  caller: string,
  name: string,
): { url: URL; execArgv: string[] | undefined; fromSources: boolean } {
  const fromSources = caller.endsWith('.ts');
  const url = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, caller);
  const execArgv =
    fromSources && !process.execArgv.some((arg) => arg.includes('tsx'))
      ? [...process.execArgv, '--import', 'tsx']
      : undefined;
  return { url, execArgv, fromSources };
}

/**
 * Starts a worker thread on a module beside the caller's. From the sources, tsx's require hook loads the .ts
 * module (tsx's ESM loader does not reach an eval worker's modules, so the module may not use top-level await);
 * built, the .js module is imported.
 */
export function startWorker(
  caller: string,
  name: string,
  options: { workerData: unknown; resourceLimits?: ResourceLimits },
): Worker {
  const { url, execArgv, fromSources } = workerModule(caller, name);
  const load = fromSources ? `require(${JSON.stringify(fileURLToPath(url))})` : `import(${JSON.stringify(url.href)})`;
  return new Worker(load, {
    ...options,
    eval: true,
    execArgv: fromSources ? [...(execArgv ?? process.execArgv), '--require', 'tsx/cjs'] : undefined,
  });
}
