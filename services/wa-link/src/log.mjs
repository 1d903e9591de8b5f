// One JSON line per event on stdout: {"time", "level", "event", ...fields}. Callers never pass
// the shared secret, a QR code or a message's text; numbers and ids are fine.

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(level) {
  return Object.hasOwn(LEVELS, level);
}

// makeLogger('info') → { debug, info, warn, error }(event, fields). `write` is replaceable for
// tests (it gets the finished line without the trailing newline).
export function makeLogger(level = 'info', write = (line) => process.stdout.write(`${line}\n`)) {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const logger = {};
  for (const [name, value] of Object.entries(LEVELS)) {
    logger[name] = (event, fields = {}) => {
      if (value < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: name, event, ...fields }));
    };
  }
  return logger;
}

// A logger that drops everything (tests that do not look at the log).
export const silentLogger = makeLogger('error', () => {});

// The pino-shaped logger Baileys wants (ILogger: level, child, trace..error). Baileys logs whole
// frames, credentials (`me`) and stanzas at trace/debug/info, so only warnings and errors pass,
// and only their message text and an error's message: never the objects themselves.
export function baileysLogger(log) {
  const forward = (level) => (obj, msg) => {
    const text = typeof obj === 'string' ? obj : typeof msg === 'string' ? msg : '';
    const err = obj && typeof obj === 'object' ? (obj.err ?? obj.error) : undefined;
    const fields = { message: text.slice(0, 300) };
    if (err instanceof Error) fields.error = err.message.slice(0, 300);
    log[level]('baileys', fields);
  };
  const ignore = () => {};
  const logger = {
    level: 'warn',
    child: () => logger,
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: forward('warn'),
    error: forward('error'),
  };
  return logger;
}
