/**
 * An optional custom domain in front of the API's stage, so clients use https://<domain>/mcp.
 */
import { Construct } from 'constructs';
import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';

export interface McpCustomDomainProps {
  /** The host name clients use, e.g. mcp.example.com. */
  readonly domainName: string;
  /** ACM certificate for domainName, in the stack's region (a regional endpoint). */
  readonly certificateArn: string;
  /** The API and stage the domain's root maps to. */
  readonly restApiId: string;
  readonly stageName: string;
}

/**
 * The DNS record is left to the operator (the zone may live anywhere): point a CNAME, or a
 * Route 53 alias, at `targetDomainName`.
 *
 * @resource aws_api_gateway_domain_name
 */
export class McpCustomDomain extends Construct {
  /** The API Gateway host name the operator's DNS record points at. */
  readonly targetDomainName: string;
  /** Route 53 hosted zone of targetDomainName, for an alias record. */
  readonly targetHostedZoneId: string;
  /** https://<domainName>/mcp */
  readonly mcpUrl: string;

  constructor(scope: Construct, id: string, props: McpCustomDomainProps) {
    super(scope, id);
    if (!/^arn:aws[a-z-]*:acm:/.test(props.certificateArn)) {
      throw new Error(
        `${this.node.path}: certificateArn must be an ACM certificate ARN (got "${props.certificateArn}")`,
      );
    }
    const domain = new ApiGatewayDomainName(this, 'Resource', {
      domainName: props.domainName,
      regionalCertificateArn: props.certificateArn,
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy: 'TLS_1_2',
    });
    new ApiGatewayBasePathMapping(this, 'Mapping', {
      domainName: domain.domainName,
      apiId: props.restApiId,
      stageName: props.stageName,
    });
    this.targetDomainName = domain.regionalDomainName;
    this.targetHostedZoneId = domain.regionalZoneId;
    this.mcpUrl = `https://${props.domainName}/mcp`;
  }
}
