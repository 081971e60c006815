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

/*
 * IAM Roles Anywhere verifies signatures with SHA-256 or stronger only: "The signing algorithm MUST include
 * SHA256 or stronger. MD5 and SHA1 signing algorithms are rejected", and "RSA and EC keys are supported"
 * (https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html, "Signature verification").
 * Signature algorithm OIDs: RFC 4055 (sha256/384/512WithRSAEncryption) and RFC 5758 (ecdsa-with-SHA256/384/512).
 * No minimum key size is documented; AWS Private CA, the other trust anchor source, issues RSA 2048+ and
 * P-256/P-384/P-521 only, so that is what is accepted here (RSA 1024 is breakable and refused).
 */
const STRONG_SIGNATURES: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
};
const WEAK_SIGNATURES: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10040.4.3": "dsa-with-sha1",
};
const MIN_RSA_BITS = 2048;
const EC_CURVES = ["prime256v1", "secp384r1", "secp521r1"];

/** Reads one DER element (tag, content start, end) at `at`; undefined on malformed input. */
function derElement(der: Buffer, at: number): { tag: number; start: number; end: number } | undefined {
  if (at + 2 > der.length) return undefined;
  const tag = der[at];
  let len = der[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  return start + len <= der.length ? { tag, start, end: start + len } : undefined;
}

/** The certificate's outer signatureAlgorithm OID (X.509: SEQUENCE { tbs, signatureAlgorithm, signature }). */
export function signatureAlgorithmOid(der: Buffer): string | undefined {
  const cert = derElement(der, 0);
  const tbs = cert && derElement(der, cert.start);
  const alg = tbs && derElement(der, tbs.end);
  const oid = alg && derElement(der, alg.start);
  if (!oid || oid.tag !== 0x06 || oid.end <= oid.start) return undefined;
  const bytes = der.subarray(oid.start, oid.end);
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

/** Why Roles Anywhere would refuse the certificate's signature or key (undefined when it would not). */
function cryptoProblem(cert: X509Certificate): { problem: string; fix: string } | undefined {
  const oid = signatureAlgorithmOid(cert.raw);
  const fix =
    "re-issue the CA certificate signed with SHA-256 or stronger, with an RSA 2048+ or P-256/P-384/P-521 key";
  if (oid === undefined || WEAK_SIGNATURES[oid] !== undefined)
    return {
      problem: `is signed with ${oid === undefined ? "an unreadable algorithm" : WEAK_SIGNATURES[oid]}; IAM Roles Anywhere rejects MD5 and SHA-1 signatures`,
      fix,
    };
  if (STRONG_SIGNATURES[oid] === undefined)
    return {
      problem: `is signed with algorithm ${oid}, not one IAM Roles Anywhere is documented to accept (RSA or ECDSA with SHA-256 or stronger)`,
      fix,
    };
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" && (details.modulusLength ?? 0) < MIN_RSA_BITS)
    return {
      problem: `has an RSA key of ${details.modulusLength} bits; at least ${MIN_RSA_BITS} are required`,
      fix,
    };
  if (key.asymmetricKeyType === "ec" && !EC_CURVES.includes(details.namedCurve ?? ""))
    return { problem: `has an EC key on curve ${details.namedCurve}; use ${EC_CURVES.join(", ")}`, fix };
  if (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "ec")
    return {
      problem: `has a ${key.asymmetricKeyType} key; IAM Roles Anywhere supports RSA and EC keys`,
      fix,
    };
  return undefined;
}

function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

/**
 * Checks PEM text for a trust anchor: only CERTIFICATE blocks, each a CA certificate (basicConstraints
 * CA:TRUE) valid at `now`, signed with SHA-256 or stronger and holding an RSA 2048+ or P-256/384/521 key,
 * the whole at most 8000 characters. Roles Anywhere itself accepts an expired or
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
    const crypto = cryptoProblem(cert);
    if (crypto) problems.push({ index, value: subject, ...crypto });
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
