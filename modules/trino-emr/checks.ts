import { IConstruct } from "constructs";
import { checkIntRange, checkNonEmpty, checkUnique, ensure, isKnown } from "../core";
import { EMR_EBS_VOLUME_TYPES, EmrEbsVolume, EmrInstanceTypeConfig } from "./types";

/** Trino duration, e.g. `0s`, `1m`, `500ms`. */
export function checkTrinoDuration(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || !isKnown(value)) return;
  ensure(
    /^\d+(\.\d+)?(ns|us|ms|s|m|h|d)$/.test(value),
    scope,
    prop,
    value,
    "must be a Trino duration: a number followed by ns, us, ms, s, m, h or d",
    `write it like "0s", "30s" or "1m"`,
  );
}

/** Trino data size, e.g. `5GB`. */
export function checkTrinoDataSize(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || !isKnown(value)) return;
  ensure(
    /^\d+(\.\d+)?(B|kB|MB|GB|TB|PB)$/.test(value),
    scope,
    prop,
    value,
    "must be a Trino data size: a number followed by B, kB, MB, GB, TB or PB",
    `write it like "5GB"`,
  );
}

export function checkEbsVolumes(scope: IConstruct, prop: string, volumes: readonly EmrEbsVolume[]): void {
  volumes.forEach((v, i) => {
    const p = `${prop}[${i}]`;
    checkIntRange(scope, `${p}.sizeGiB`, v.sizeGiB, 1, 16384);
    checkIntRange(scope, `${p}.volumesPerInstance`, v.volumesPerInstance, 1, 25);
    checkIntRange(scope, `${p}.iops`, v.iops, 100, 64000);
    if (v.volumeType !== undefined) {
      ensure(
        EMR_EBS_VOLUME_TYPES.includes(v.volumeType),
        scope,
        `${p}.volumeType`,
        v.volumeType,
        `must be one of ${EMR_EBS_VOLUME_TYPES.join(", ")}`,
        `use "gp3" unless the workload needs another type`,
      );
    }
  });
}

/** Instance types of a fleet: present, distinct, positive whole weights, sane Spot bid percentages. */
export function checkInstanceTypeConfigs(
  scope: IConstruct,
  prop: string,
  configs: readonly EmrInstanceTypeConfig[],
  countRange?: { min: number; max: number },
): void {
  checkNonEmpty(scope, prop, configs);
  if (countRange) {
    ensure(
      configs.length >= countRange.min && configs.length <= countRange.max,
      scope,
      prop,
      configs.map((c) => c.instanceType),
      `must list ${countRange.min} to ${countRange.max} instance types (has ${configs.length}); EMR allows up to 30 ` +
        "per fleet with an allocation strategy, and Spot needs diversification across many pools",
      configs.length < countRange.min
        ? `add instance types of similar size (e.g. m5/m5a/m5d/m6i/m6a/r5/r5a/c5 4xlarge variants) until there are ${countRange.min}`
        : `remove instance types until there are at most ${countRange.max}`,
    );
  }
  checkUnique(
    scope,
    prop,
    configs.map((c) => c.instanceType),
  );
  configs.forEach((c) => {
    const p = `${prop}[${c.instanceType}]`;
    ensure(
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(c.instanceType),
      scope,
      `${p}.instanceType`,
      c.instanceType,
      "must be an EC2 instance type such as m5.4xlarge",
      "use the family.size form",
    );
    if (isKnown(c.weightedCapacity)) {
      ensure(
        Number.isInteger(c.weightedCapacity) && c.weightedCapacity > 0,
        scope,
        `${p}.weightedCapacity`,
        c.weightedCapacity,
        "must be a positive whole number of capacity units",
        "use the instance type's vCPU count (e.g. 16 for a 4xlarge)",
      );
    }
    checkIntRange(
      scope,
      `${p}.bidPriceAsPercentageOfOnDemandPrice`,
      c.bidPriceAsPercentageOfOnDemandPrice,
      1,
      100,
    );
    if (c.ebsVolumes) checkEbsVolumes(scope, `${p}.ebsVolumes`, c.ebsVolumes);
  });
}

/** FIS target selection: ALL, COUNT(n) with n >= 1, PERCENT(n) with 1 <= n <= 100. */
export function checkSelectionMode(scope: IConstruct, prop: string, mode: string): void {
  if (!isKnown(mode)) return;
  const m = /^(ALL|COUNT\((\d+)\)|PERCENT\((\d+)\))$/.exec(mode);
  const n = m ? Number(m[2] ?? m[3] ?? "1") : 0;
  const ok = !!m && n >= 1 && (m[3] === undefined || n <= 100);
  ensure(
    ok,
    scope,
    prop,
    mode,
    "must be ALL, COUNT(n) with n >= 1, or PERCENT(n) with n from 1 to 100",
    `use e.g. "ALL", "COUNT(2)" or "PERCENT(50)"`,
  );
}

/** FIS `durationBeforeInterruption`: PT2M to PT15M. */
export function checkInterruptionNotice(scope: IConstruct, prop: string, value: string): void {
  if (!isKnown(value)) return;
  const m = /^PT(\d+)M$/.exec(value);
  const minutes = m ? Number(m[1]) : 0;
  ensure(
    minutes >= 2 && minutes <= 15,
    scope,
    prop,
    value,
    "must be an ISO-8601 duration from PT2M to PT15M",
    `use "PT2M" to match a real Spot interruption notice`,
  );
}

/** S3 bucket name rules (length, characters, no dots so TLS virtual-host access works). */
