// STS over the AWS Query protocol (POST /, Action=...&Version=2011-06-15), as
// @aws-sdk/client-sts and the CLI reach it through AWS_ENDPOINT_URL_STS:
// - AssumeRoleWithWebIdentity: unsigned (the SDK sends it anonymously), answered with
//   temporary keys that every sandbox service then accepts;
// - GetCallerIdentity: signed, answered with who signed it (it needs no permission).
// Answers and errors use STS's element names and codes.
import { AwsAuthError } from './aws-auth-error.js'
import type { CredentialStore } from './credentials.js'
import { type RunningService, serveHttp, signedRequestOf } from './http-service.js'
import { queryParameters, sendQueryError, sendQueryResult, xmlElements } from './query-protocol.js'
import { StsError, assumeRoleWithWebIdentity } from './web-identity.js'

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'
const VERSION = '2011-06-15'

export interface StsOptions {
  credentials: CredentialStore
  port?: number
}

/** STS's timestamps: ISO 8601 in UTC without milliseconds. */
function stsTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export async function startSts(options: StsOptions): Promise<RunningService> {
  const store = options.credentials
  return serveHttp('sts', async (req, res, body) => {
    const request = signedRequestOf(req, body)
    const params = queryParameters(request.query, body, req.headers['content-type'])
    const action = params.get('Action') ?? ''
    try {
      // AssumeRoleWithWebIdentity is the one anonymous action; everything else is signed,
      // and the signature is checked before anything else about the request.
      const anonymous = action === 'AssumeRoleWithWebIdentity'
      const caller = anonymous ? undefined : store.verifySigV4(request, 'sts')
      if (params.get('Version') !== VERSION || !['AssumeRoleWithWebIdentity', 'GetCallerIdentity'].includes(action)) {
        throw new StsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? ''}`, 400)
      }
      if (!caller) {
        const result = await assumeRoleWithWebIdentity(store, {
          RoleArn: params.get('RoleArn'),
          RoleSessionName: params.get('RoleSessionName'),
          WebIdentityToken: params.get('WebIdentityToken'),
          DurationSeconds: params.get('DurationSeconds'),
        })
        const c = result.credentials
        sendQueryResult(
          res,
          STS_NAMESPACE,
          action,
          [
            xmlElements([['SubjectFromWebIdentityToken', result.subject], ['Audience', result.audience]], '    '),
            '    <AssumedRoleUser>',
            xmlElements([['AssumedRoleId', result.assumedRoleId], ['Arn', result.assumedRoleArn]], '      '),
            '    </AssumedRoleUser>',
            '    <Credentials>',
            xmlElements(
              [
                ['AccessKeyId', c.AccessKeyId],
                ['SecretAccessKey', c.SecretAccessKey],
                ['SessionToken', c.SessionToken],
                ['Expiration', stsTime(c.Expiration)],
              ],
              '      ',
            ),
            '    </Credentials>',
            xmlElements([['Provider', result.provider]], '    '),
          ].join('\n'),
        )
        return
      }
      sendQueryResult(
        res,
        STS_NAMESPACE,
        action,
        xmlElements([['Arn', caller.arn], ['UserId', caller.userId], ['Account', caller.account]], '    '),
      )
    } catch (error) {
      if (error instanceof StsError || error instanceof AwsAuthError) {
        sendQueryError(res, STS_NAMESPACE, error)
        return
      }
      throw error
    }
  }, options.port)
}
