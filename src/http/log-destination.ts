/**
 * Where the log goes: stdout, buffered and never blocking, and written out when the mock closes.
 * Buffered: one write per LOG_WRITE_MIN_BYTES of lines (each asynchronous write is a hand-off to libuv's
 * thread pool and back, about 120 µs on a core the server shares: bench/README.md), and at least every
 * 200 ms, so lines still show promptly, busy or idle. Never blocking: a stdout piped to a reader that
 * never reads fills its pipe, and a blocked write would then stop the mock for good, SIGTERM and exit
 * included. So: asynchronous writes, to the descriptor of process.stdout (Node makes a pipe's or a socket's
 * non-blocking when it opens it: a full pipe fails a write, retried later, instead of holding a thread that
 * exit would wait for), lines past LOG_BACKLOG_MAX_BYTES of backlog dropped, and a flush on close of
 * LOG_FLUSH_MAX_MS at most. SonicBoom itself, not pino.destination(), which flushes synchronously on exit
 * and would wait there for the pipe forever. Each line is handed to it as bytes: held as text, SonicBoom
 * measures the UTF-8 length of all it holds at every line, a cost that grows with what it holds.
 */
import sonicBoom from 'sonic-boom'

/** Log lines that may wait for a slow (or absent) reader of stdout before newer ones are dropped. */
const LOG_BACKLOG_MAX_BYTES = 4 * 1024 * 1024
/** Lines gathered before a write begins (while one is in progress, more gather: a write takes at most four times this). */
export const LOG_WRITE_MIN_BYTES = 64 * 1024
/** How long closing waits for the log to be written. */
export const LOG_FLUSH_MAX_MS = 1000

/** The log's destination: stdout's descriptor, or another (tests). pino writes lines to it; a mock's close flushes it. */
export const logDestination = (fd: number = process.stdout.fd) => {
  const boom = new sonicBoom.SonicBoom({ fd, sync: false, minLength: LOG_WRITE_MIN_BYTES, maxWrite: 4 * LOG_WRITE_MIN_BYTES, maxLength: LOG_BACKLOG_MAX_BYTES, periodicFlush: 200, contentMode: 'buffer' })
  // its types know only text; in buffer mode it takes bytes
  const writeBytes = boom.write.bind(boom) as unknown as (bytes: Buffer) => boolean
  return {
    write: (line: string) => writeBytes(Buffer.from(line)),
    flush: (cb: (err?: Error) => void) => boom.flush(cb),
    destroy: () => boom.destroy()
  }
}

/**
 * Resolves once `destination` has written what it holds, or after `ms` (its reader may never read). Two
 * flushes: one asked while a write is in progress only waits for that write (sonic-boom writes the buffer
 * only when no write is in progress), so it can answer with lines still held, lost at exit;
 * the second writes them.
 */
export const flushWithin = (destination: { flush: (cb: (err?: Error) => void) => void }, ms: number) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms)
  destination.flush(() => destination.flush(() => { clearTimeout(timer); resolve() }))
})
