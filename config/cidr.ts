// One CIDR implementation for the whole project: the pure helper in modules/core (no cdktf imports).
export {
  cidrsOverlap,
  contains,
  isNetworkAddress,
  networkOf,
  overlaps,
  parseCidr,
} from "@multicloud-platform/modules/core";
export type { Cidr } from "@multicloud-platform/modules/core";
