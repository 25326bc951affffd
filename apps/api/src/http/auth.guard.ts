import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, KeySetUnavailableError, type Role, type TokenVerifier } from '#auth';
import { headerCount, type ApiRequest } from './api-request.js';
import { ApiProblem } from './problem.js';

/** The TokenVerifier: HS256 with JWT_SECRET, or the identity provider's key set when JWT_JWKS_URL is set. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
const PUBLIC = 'newsroom:public';
const ROLES = 'newsroom:roles';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller needs at least one of these roles; without this decorator any role will do. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

const unauthorized = (detail: string) => new ApiProblem(401, 'unauthorized', detail);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const header = req.headers.authorization;
    if (header === undefined) throw unauthorized('An Authorization: Bearer <token> header is required');
    // Node keeps the first of several; which one a proxy or client meant is not ours to guess.
    if (headerCount(req, 'authorization') > 1) throw unauthorized('Send one Authorization header, not several');
    const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
    try {
      req.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`The token is not valid: ${error.message}`);
      // The provider's fault, not the caller's: retrying later may succeed (every 503 carries Retry-After).
      if (error instanceof KeySetUnavailableError) {
        throw new ApiProblem(503, 'identity_provider_unavailable', `The identity provider's keys could not be fetched: ${error.message}`);
      }
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !allowed.some((role) => req.principal!.roles.includes(role))) {
      throw new ApiProblem(403, 'forbidden_role', `This needs the role ${allowed.join(' or ')}`);
    }
    if (!allowed && req.principal.roles.length === 0) throw new ApiProblem(403, 'forbidden_role', 'This needs a role');
    return true;
  }
}
