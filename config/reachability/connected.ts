import { EnvironmentConfig } from "../schema";

/**
 * CIDRs of the VPCs connected to `vpcName` (peers, VPCs on the same or a directly peered TGW): the sources
 * the interface endpoint security group admits on 443 besides the VPC itself.
 */
export function connectedVpcCidrs(cfg: EnvironmentConfig, vpcName: string): string[] {
  const net = cfg.network;
  const connected = new Set<string>();
  for (const p of Object.values(net.peerings)) {
    if (p.requester === vpcName) connected.add(p.accepter);
    if (p.accepter === vpcName) connected.add(p.requester);
  }
  const attachedTo = new Set(
    Object.entries(net.transitGateways)
      .filter(([, t]) => vpcName in t.attachments)
      .map(([n]) => n),
  );
  const reachable = new Set(attachedTo);
  for (const tp of Object.values(net.tgwPeerings)) {
    if (attachedTo.has(tp.requester)) reachable.add(tp.accepter);
    if (attachedTo.has(tp.accepter)) reachable.add(tp.requester);
  }
  for (const t of reachable)
    for (const v of Object.keys(net.transitGateways[t]?.attachments ?? {})) connected.add(v);
  connected.delete(vpcName);
  const own = net.vpcs[vpcName]?.cidr;
  return [...new Set([...connected].filter((v) => net.vpcs[v]).map((v) => net.vpcs[v].cidr))]
    .filter((c) => c !== own)
    .sort();
}
