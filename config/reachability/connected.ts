import { hasOwn, own } from "../lookup";
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
      .filter(([, t]) => hasOwn(t.attachments, vpcName))
      .map(([n]) => n),
  );
  const reachable = new Set(attachedTo);
  for (const tp of Object.values(net.tgwPeerings)) {
    if (attachedTo.has(tp.requester)) reachable.add(tp.accepter);
    if (attachedTo.has(tp.accepter)) reachable.add(tp.requester);
  }
  for (const t of reachable)
    for (const v of Object.keys(own(net.transitGateways, t)?.attachments ?? {})) connected.add(v);
  connected.delete(vpcName);
  const self = own(net.vpcs, vpcName)?.cidr;
  return [...new Set([...connected].flatMap((v) => own(net.vpcs, v)?.cidr ?? []))]
    .filter((c) => c !== self)
    .sort();
}
