import { X509Certificate } from "node:crypto";
import { IConstruct } from "constructs";
import { ensure, isKnown } from "../core";

/** IAM Roles Anywhere's limit on `x509CertificateData` (API SourceData, length 1-8000). */
export const MAX_CERTIFICATE_BUNDLE_CHARS = 8000;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** What the bundle check learned about one certificate (for messages and tests). */
export interface BundleCertificateInfo {
  readonly index: number;
  readonly subject: string;
  readonly validTo: Date;
}

function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

/**
 * Checks a CERTIFICATE_BUNDLE trust anchor: PEM text made only of CERTIFICATE blocks, each a CA
 * certificate (basicConstraints CA:TRUE) valid at `now`. Roles Anywhere itself accepts an expired or
 * non-CA certificate and then fails every CreateSession, so the failure is moved to synth time.
 * Skipped for tokens (e.g. `Fn.file(...)`), whose content is only known to Terraform.
 */
export function checkCaBundle(
  scope: IConstruct,
  prop: string,
  pem: string,
  now: Date,
): BundleCertificateInfo[] {
  if (!isKnown(pem)) return [];
  const fix =
    "pass the public PEM of the issuing CA(s) only, e.g. readFileSync('config/certs/<env>-workload-ca.pem', 'utf8')";
  ensure(
    pem.length <= MAX_CERTIFICATE_BUNDLE_CHARS,
    scope,
    prop,
    `${pem.length} characters`,
    `is longer than the ${MAX_CERTIFICATE_BUNDLE_CHARS} characters IAM Roles Anywhere accepts`,
    "anchor only the issuing CA(s) of the workload certificates, or use one trust anchor per CA",
  );
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  ensure(blocks.length > 0, scope, prop, pem.slice(0, 60), "contains no PEM certificate", fix);
  for (const b of blocks) {
    ensure(
      b[1] === "CERTIFICATE",
      scope,
      prop,
      `-----BEGIN ${b[1]}-----`,
      "contains a PEM block that is not a certificate (a private key must never be passed or committed)",
      "remove every block but the -----BEGIN CERTIFICATE----- ones",
    );
  }
  return blocks.map((b, index) => {
    const at = `${prop}[${index}]`;
    let cert: X509Certificate | undefined;
    try {
      cert = new X509Certificate(b[0]);
    } catch (e) {
      ensure(
        false,
        scope,
        at,
        b[0].slice(0, 60),
        `is not a parseable X.509 certificate (${(e as Error).message})`,
        fix,
      );
    }
    const c = cert as X509Certificate;
    const subject = oneLine(c.subject);
    const validFrom = new Date(c.validFrom);
    const validTo = new Date(c.validTo);
    ensure(
      c.ca,
      scope,
      at,
      subject,
      "is not a CA certificate (basicConstraints CA:TRUE is missing), so it cannot anchor trust",
      "anchor the CA that issued this certificate instead of the end-entity certificate",
    );
    ensure(
      validTo.getTime() > now.getTime(),
      scope,
      at,
      subject,
      `expired on ${validTo.toISOString()}`,
      "replace it with the CA's renewed certificate",
    );
    ensure(
      validFrom.getTime() <= now.getTime(),
      scope,
      at,
      subject,
      `is not valid before ${validFrom.toISOString()}`,
      "check the CA certificate's notBefore date and the clock of the machine that issued it",
    );
    return { index, subject, validTo };
  });
}
