// A session as the API shows it, and the refusal of a refresh token that did not rotate.
import { AppError } from "../../platform/errors/app-error.js";
import { presentOrganization, presentUser } from "../accounts/people-presenters.js";
import type { Rotation, Session } from "./auth-service.js";

export function presentSession(session: Session) {
  return {
    ...session.tokens,
    user: presentUser(session.user),
    organization: presentOrganization(session.organization),
    role: session.role,
  };
}

/** Shaped after the commit on purpose: a replayed token's family revocation is kept, and then refused. */
export function presentRotation(rotation: Rotation) {
  if (rotation.kind !== "rotated")
    throw new AppError("unauthenticated", { detail: "The refresh token is invalid, expired or revoked." });
  return rotation.tokens;
}
