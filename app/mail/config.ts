/**
 * Email settings from the environment. Missing SMTP_URL or MAIL_FROM means email is not set up: the email
 * channel then reports itself not configured and journeys that send mail cannot be switched on.
 */
export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… (implicit TLS) */
  smtpUrl: string;
  /** the From header, e.g. `ショップ名 <shop@example.com>` */
  from: string;
  /** messages per second this process sends at most (all shops together) */
  ratePerSecond: number;
}

export const DEFAULT_MAIL_RATE_PER_SECOND = 50;

export class MailConfigError extends Error {
  override name = "MailConfigError";
}

/**
 * The mail settings, or null when SMTP_URL or MAIL_FROM is not set. A set but malformed value throws
 * MailConfigError naming the variable, so a typo stops start-up instead of silently turning email off.
 */
export function mailConfigFromEnv(env: Record<string, string | undefined>): MailConfig | null {
  const smtpUrl = env.SMTP_URL?.trim();
  const from = env.MAIL_FROM?.trim();
  if (!smtpUrl || !from) return null;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new MailConfigError("SMTP_URL must be a URL such as smtp://user:password@smtp.example.com:587");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new MailConfigError(`SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol}//)`);
  }
  if (!url.hostname) throw new MailConfigError("SMTP_URL has no host");
  if (!/@[^@\s>]+\.[^@\s>]+>?$|@localhost>?$/.test(from)) {
    throw new MailConfigError('MAIL_FROM must be an address, e.g. "ショップ名 <shop@example.com>" or shop@example.com');
  }
  const rateText = env.MAIL_RATE_PER_SECOND?.trim();
  const ratePerSecond = rateText ? Number(rateText) : DEFAULT_MAIL_RATE_PER_SECOND;
  if (!Number.isInteger(ratePerSecond) || ratePerSecond < 1 || ratePerSecond > 100_000) {
    throw new MailConfigError("MAIL_RATE_PER_SECOND must be a whole number of messages per second, 1 or more");
  }
  return { smtpUrl, from, ratePerSecond };
}
