/**
 * hclog-compatible JSON logging to stderr. Terraform parses these lines from the provider's stderr
 * and files them under TF_LOG / TF_LOG_PROVIDER; stdout belongs to the plugin handshake.
 */
import { Logger } from './framework/types';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const OFF = Number.POSITIVE_INFINITY;
const SENSITIVE_KEY = /token|authorization|secret|password/i;
const DEFAULT_MODULE = 'provider.apono';

/**
 * The lowest level worth writing, from TF_LOG_PROVIDER or else TF_LOG. Like Terraform, any other
 * non-empty value (e.g. "1", "json") means trace and "off" means nothing. Unset means info: Terraform
 * discards provider lines then anyway, and the process (or a test run in reattach mode) stays quiet.
 */
export function logThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env['TF_LOG_PROVIDER'] || env['TF_LOG'] || '').trim().toLowerCase();
  if (raw === '') return LEVEL_ORDER.info;
  if (raw === 'off') return OFF;
  if (raw in LEVEL_ORDER) return LEVEL_ORDER[raw as LogLevel];
  return LEVEL_ORDER.trace;
}

/** A copy of `fields` with every value whose key looks secret replaced by "[REDACTED]". */
export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, SENSITIVE_KEY.test(key) ? '[REDACTED]' : value]),
  );
}

/** Makes a field value JSON-safe without walking into arbitrary objects (errors carry secrets). */
function safeValue(value: unknown): unknown {
  if (value instanceof Error) return value.message;
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function')
    return String(value);
  return value;
}

/**
 * hclog's timestamp layout, 2006-01-02T15:04:05.000000Z07:00: go-plugin parses exactly six
 * fractional digits and otherwise files the whole line as an unparsed DEBUG message.
 */
export function hclogTimestamp(now: Date): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** One hclog JSON line (without the newline). The @-keys win over fields of the same name. */
export function formatLogLine(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> = {},
  module = DEFAULT_MODULE,
  now: Date = new Date(),
): string {
  const safeFields = Object.fromEntries(Object.entries(redact(fields)).map(([k, v]) => [k, safeValue(v)]));
  const line = {
    ...safeFields,
    '@level': level,
    '@message': message,
    '@module': module,
    '@timestamp': hclogTimestamp(now),
  };
  try {
    return JSON.stringify(line);
  } catch {
    // A circular field must not take the provider down: log the message alone.
    return JSON.stringify({
      '@level': level,
      '@message': message,
      '@module': module,
      '@timestamp': line['@timestamp'],
    });
  }
}

export interface LoggerOptions {
  readonly module?: string;
  /** Lowest level written; defaults to logThreshold(process.env). */
  readonly threshold?: number;
  /** Where lines go; defaults to stderr. */
  readonly write?: (line: string) => void;
}

/** A Logger writing hclog JSON lines to stderr. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = options.threshold ?? logThreshold();
  const module = options.module ?? DEFAULT_MODULE;
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (LEVEL_ORDER[level] < threshold) return;
      write(`${formatLogLine(level, message, fields, module)}\n`);
    };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
