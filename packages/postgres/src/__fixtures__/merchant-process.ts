/** Starts the merchant app fixture (merchant-app.ts) as a real child process and sends it deliveries. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./merchant-app.ts', import.meta.url));

/** A running merchant app. */
export interface MerchantProcess {
  /** `http://127.0.0.1:<port>/webhooks/waylet`. */
  url: string;
  child: ChildProcess;
  /** Resolves when the app prints `line` (or rejects after `timeoutMs`). */
  waitFor(line: string, timeoutMs?: number): Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

/** Starts one app on a free port with the given environment (DATABASE_URL, MODE, FAIL_RATE). */
export async function startMerchant(env: Record<string, string>): Promise<MerchantProcess> {
  const child = spawn(process.execPath, ['--conditions=@paywire/source', '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr.on('data', (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waitFor = (line: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!out.includes(line)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`merchant app never printed ${line}; stdout: ${out.slice(-500)} stderr: ${err}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    await waitFor('LISTENING');
  } catch (e) {
    await kill();
    throw e;
  }
  const port = /LISTENING (\d+)/.exec(out)![1];
  return { url: `http://127.0.0.1:${port}/webhooks/waylet`, child, waitFor, kill };
}

/** One POST; resolves to the status and paywire's outcome header (status 0 when the connection failed). */
export async function post(
  url: string,
  delivery: { body: string; headers: Record<string, string> },
): Promise<{ status: number; outcome: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: delivery.body,
      headers: delivery.headers,
      signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer();
    return { status: res.status, outcome: res.headers.get('x-paywire-outcome') ?? '' };
  } catch {
    return { status: 0, outcome: '' };
  }
}

/** POSTs until the answer is 200 (a provider's retries), waiting `delayMs` between attempts; returns every answer. */
export async function deliverUntilOk(
  pick: () => string,
  delivery: { body: string; headers: Record<string, string> },
  { attempts = 60, delayMs = 25 } = {},
): Promise<{ status: number; outcome: string }[]> {
  const answers: { status: number; outcome: string }[] = [];
  for (let i = 0; i < attempts; i++) {
    const answer = await post(pick(), delivery);
    answers.push(answer);
    if (answer.status === 200) return answers;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`no 200 after ${attempts} attempts: ${answers.map((a) => a.status).join(',')}`);
}
