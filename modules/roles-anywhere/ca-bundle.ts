import { X509Certificate } from "node:crypto";

/**
 * Pure inspection of a CERTIFICATE_BUNDLE trust anchor (no cdktf, no constructs): the config layer
 * uses it to report every problem of a committed PEM file, and `checkCaBundle` throws the first one
 * as a ValidationError.
 */

/** IAM Roles Anywhere's limit on `x509CertificateData` (API SourceData, length 1-8000). */
export const MAX_CERTIFICATE_BUNDLE_CHARS = 8000;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** What the bundle check learned about one certificate (for messages and tests). */
export interface BundleCertificateInfo {
  readonly index: number;
  readonly subject: string;
  readonly validTo: Date;
}

/** One thing wrong with a bundle. */
export interface CaBundleProblem {
  /** `undefined` for the bundle as a whole, else the index of the certificate in the bundle. */
  readonly index?: number;
  /** What to show as the offending value (a subject, a PEM header, a length). */
  readonly value: string;
  readonly problem: string;
  readonly fix: string;
}

export interface CaBundleReport {
  /** Certificates that parsed (whether or not they have problems). */
  readonly certificates: readonly BundleCertificateInfo[];
  /** Every problem, in the order a reader would fix them. Empty when the bundle is usable. */
  readonly problems: readonly CaBundleProblem[];
}

const FIX =
  "pass the public PEM of the issuing CA(s) only, e.g. readFileSync('config/certs/<env>-workload-ca.pem', 'utf8')";

function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

/**
 * Checks PEM text for a trust anchor: only CERTIFICATE blocks, each a CA certificate (basicConstraints
 * CA:TRUE) valid at `now`, the whole at most 8000 characters. Roles Anywhere itself accepts an expired or
 * non-CA certificate and then fails every CreateSession, so callers move that failure to synth time.
 */
export function inspectCaBundle(pem: string, now: Date): CaBundleReport {
  const problems: CaBundleProblem[] = [];
  const certificates: BundleCertificateInfo[] = [];
  if (pem.length > MAX_CERTIFICATE_BUNDLE_CHARS) {
    problems.push({
      value: `${pem.length} characters`,
      problem: `is longer than the ${MAX_CERTIFICATE_BUNDLE_CHARS} characters IAM Roles Anywhere accepts`,
      fix: "anchor only the issuing CA(s) of the workload certificates, or use one trust anchor per CA",
    });
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) {
    problems.push({ value: pem.slice(0, 60), problem: "contains no PEM certificate", fix: FIX });
    return { certificates, problems };
  }
  for (const b of blocks) {
    if (b[1] !== "CERTIFICATE") {
      problems.push({
        value: `-----BEGIN ${b[1]}-----`,
        problem:
          "contains a PEM block that is not a certificate (a private key must never be passed or committed)",
        fix: "remove every block but the -----BEGIN CERTIFICATE----- ones",
      });
    }
  }
  if (problems.length > 0) return { certificates, problems };
  blocks.forEach((b, index) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(b[0]);
    } catch (e) {
      problems.push({
        index,
        value: b[0].slice(0, 60),
        problem: `is not a parseable X.509 certificate (${(e as Error).message})`,
        fix: FIX,
      });
      return;
    }
    const subject = oneLine(cert.subject);
    const validFrom = new Date(cert.validFrom);
    const validTo = new Date(cert.validTo);
    certificates.push({ index, subject, validTo });
    if (!cert.ca) {
      problems.push({
        index,
        value: subject,
        problem: "is not a CA certificate (basicConstraints CA:TRUE is missing), so it cannot anchor trust",
        fix: "anchor the CA that issued this certificate instead of the end-entity certificate",
      });
    }
    if (validTo.getTime() <= now.getTime()) {
      problems.push({
        index,
        value: subject,
        problem: `expired on ${validTo.toISOString()}`,
        fix: "replace it with the CA's renewed certificate",
      });
    }
    if (validFrom.getTime() > now.getTime()) {
      problems.push({
        index,
        value: subject,
        problem: `is not valid before ${validFrom.toISOString()}`,
        fix: "check the CA certificate's notBefore date and the clock of the machine that issued it",
      });
    }
  });
  return { certificates, problems };
}
