import type { ChildProcess } from 'node:child_process';
import { nodeArgv, spawnOn } from './processes.js';

/** A server process of a row. */
export interface ServerProcess {
  origin: string;
  /** The server's CPU microseconds so far. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the server process exited (${code}) before answering "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts `server-child.ts` for `id`/`side` on the server core and waits for its port. */
export async function startServer(id: string, side: string, fixturesPath?: string): Promise<ServerProcess> {
  const child = spawnOn('server', nodeArgv('./server-child.ts', [id, side, ...(fixturesPath ? [fixturesPath] : [])]), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await nextMessage<{ port: number }>(child, 'port');
  return {
    origin: `http://127.0.0.1:${port}`,
    async cpu() {
      const answer = nextMessage<{ micros: number }>(child, 'cpu');
      child.send({ type: 'cpu' });
      return (await answer).micros;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
