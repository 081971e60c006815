// One CIDR implementation for the whole project: the pure helper in modules/core (no cdktf imports).
export { contains, isNetworkAddress, networkOf, overlaps, parseCidr } from "../modules/core/cidr";
export type { Cidr } from "../modules/core/cidr";
