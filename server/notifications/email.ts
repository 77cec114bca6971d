// Email through SMTP (nodemailer) when SMTP_URL is set; otherwise the message goes to the log,
// so a fresh install shows what it would have sent. One transport per process.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";
import { logger } from "../log";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

const holder = globalThis as unknown as { __batonMailer?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  if (holder.__batonMailer?.url !== url) holder.__batonMailer = { url, transport: nodemailer.createTransport(url) };
  return holder.__batonMailer.transport;
}

/** Sends one message; returns "sent" or "logged" (no SMTP configured). Throws when the server refuses. */
export async function sendEmail(email: Email): Promise<"sent" | "logged"> {
  const e = env();
  if (!e.SMTP_URL) {
    logger.info({ to: email.to, subject: email.subject }, "email (SMTP_URL is not set, so it was only logged)");
    return "logged";
  }
  await transport(e.SMTP_URL).sendMail({ from: e.SMTP_FROM, to: email.to, subject: email.subject, text: email.text });
  return "sent";
}
