import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, VerifiedTokens, verifyToken, type Role } from '#auth';
import { headerCount, type ApiRequest } from './api-request.js';
import { ApiProblem } from './problem.js';

export const JWT_SECRET = Symbol('JWT_SECRET');
const PUBLIC = 'newsroom:public';
const ROLES = 'newsroom:roles';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller needs at least one of these roles; without this decorator any role will do. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

const unauthorized = (detail: string) => new ApiProblem(401, 'unauthorized', detail);

@Injectable()
export class AuthGuard implements CanActivate {
  /** A client sends the same token with every request: its HMAC and JSON are checked once until it expires. */
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_SECRET) private readonly secret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
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
      req.principal = this.verified.get(match[1]) ?? this.verified.remember(match[1], verifyToken(match[1], this.secret));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`The token is not valid: ${error.message}`);
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
