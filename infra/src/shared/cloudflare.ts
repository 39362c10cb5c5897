/**
 * Cloudflare DNS for Lyceum hosts: every public hostname is a proxied CNAME to the cluster's
 * ingress load balancer, so visitors reach Cloudflare (TLS, caching, WAF) and never the origin.
 */
import * as cloudflare from '@pulumi/cloudflare'
import type * as pulumi from '@pulumi/pulumi'

/** TTL value meaning "automatic" to Cloudflare; the only TTL a proxied record can have. */
export const AUTOMATIC_TTL = 1

/** What {@link proxiedCname} needs. */
export type ProxiedCnameArgs = {
  /** Pulumi logical name, unique in the stack. */
  logicalName: string
  zoneId: string
  /**
   * The record's fully qualified name, e.g. `acme.lyceum.example` or `lyceum.example` for the
   * apex. Provider v6 (Cloudflare's v5 API schema) wants the FQDN: a relative name or `@` is
   * accepted but reads back as the FQDN on refresh, which shows as a diff on every run.
   */
  hostname: string
  /** The CNAME target: the ingress load balancer's hostname. */
  target: string
  /** Free text shown in the Cloudflare dashboard (at most 100 characters on the free plan). */
  comment: string
  opts?: pulumi.CustomResourceOptions
}

/**
 * Creates a proxied CNAME record (`ttl` automatic). For the zone apex Cloudflare answers with the
 * target's addresses (CNAME flattening), so a CNAME is valid there too.
 */
export function proxiedCname(args: ProxiedCnameArgs): cloudflare.DnsRecord {
  return new cloudflare.DnsRecord(
    args.logicalName,
    {
      zoneId: args.zoneId,
      name: args.hostname,
      type: 'CNAME',
      content: args.target,
      proxied: true,
      ttl: AUTOMATIC_TTL,
      comment: args.comment.slice(0, 100),
    },
    args.opts,
  )
}
