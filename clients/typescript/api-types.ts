// Generated from the Rusty SaaS OpenAPI document by openapi-typescript: do not edit.
// Regenerate with `npx tsx clients/typescript/generate-types.ts` after changing a route or a schema.
export interface paths {
  "/api/v1/audit-events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The organization's audit trail, newest first (cursor pagination, filter by actor, action, target) */
    get: operations["listAuditEvents"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email and password (optionally into a given organization) */
    post: operations["logIn"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke a refresh token and its whole family */
    post: operations["logOut"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/refresh": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Exchange a refresh token for a new pair (the old one stops working; reusing it revokes the family)
     * @description Presented again within REFRESH_TOKEN_REUSE_GRACE_SECONDS of its use (two tabs refreshing at once), a token answers the same successor refresh token with a fresh access token; presented later, it revokes the family.
     */
    post: operations["refreshTokens"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/signup": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create an account and its organization (you become its owner) */
    post: operations["signUp"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List cases, newest reference first (cursor pagination, filter by status, full-text q) */
    get: operations["listCases"];
    put?: never;
    /** Open a case (it receives the organization's next reference number) */
    post: operations["createCase"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{caseId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a case */
    get: operations["getCase"];
    put?: never;
    post?: never;
    /** Delete a case (soft: it disappears from every route, the audit trail keeps it; If-Match required) */
    delete: operations["deleteCase"];
    options?: never;
    head?: never;
    /**
     * Change a case (If-Match with the ETag you read is required, so no one's change is overwritten)
     * @description Only the fields sent are changed; assigneeId null unassigns. Each change increments the version.
     */
    patch: operations["updateCase"];
    trace?: never;
  };
  "/api/v1/cases/{caseId}/tasks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a case's tasks in the order they were added (cursor pagination, filter by status) */
    get: operations["listTasks"];
    put?: never;
    /** Add a task to a case */
    post: operations["createTask"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{caseId}/tasks/{taskId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a task */
    get: operations["getTask"];
    put?: never;
    post?: never;
    /** Delete a task (If-Match required) */
    delete: operations["deleteTask"];
    options?: never;
    head?: never;
    /**
     * Change a task (dueDate or assigneeId null clears it; If-Match with the ETag you read is required)
     * @description Only the fields sent are changed. Each change increments the version.
     */
    patch: operations["updateTask"];
    trace?: never;
  };
  "/api/v1/dashboard": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cases by status, open and overdue tasks, recent activity (cached; refreshed by every case or task change) */
    get: operations["getDashboard"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/docs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The API reference, rendered from the OpenAPI document */
    get: operations["getDocsPage"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's account, organization and role */
    get: operations["getMe"];
    put?: never;
    post?: never;
    /**
     * Erase your account (right to erasure)
     * @description Refused with 409 while you are the last owner of an organization with other members: hand it over first.
     */
    delete: operations["eraseMe"];
    options?: never;
    head?: never;
    /** Correct your name or email */
    patch: operations["updateMe"];
    trace?: never;
  };
  "/api/v1/me/export": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Everything the API holds about you, as JSON (right of access and portability) */
    get: operations["exportMyData"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me/invitations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Invitations addressed to your email, waiting for your answer */
    get: operations["listMyInvitations"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me/invitations/{organizationId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Decline an invitation */
    delete: operations["declineInvitation"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me/invitations/{organizationId}/accept": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept an invitation: you become a member with the offered role (log in to that organization to act in it) */
    post: operations["acceptInvitation"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/members": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members of the organization with their roles */
    get: operations["listMembers"];
    put?: never;
    /**
     * Invite someone, by email, with a role (only an owner can invite an owner)
     * @description The person joins by accepting (POST /me/invitations/{organizationId}/accept). The answer is the same whether or not an account uses the email.
     */
    post: operations["inviteMember"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/members/{userId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a member (admin+), or leave the organization yourself
     * @description Any member may remove themselves; removing someone else needs the admin role, and only an owner can remove an owner.
     */
    delete: operations["removeMember"];
    options?: never;
    head?: never;
    /** Change a member's role (an admin can't touch an owner; the last owner can't be demoted) */
    patch: operations["changeMemberRole"];
    trace?: never;
  };
  "/api/v1/openapi.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API's OpenAPI 3.1 document */
    get: operations["getOpenApiDocument"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/organization": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's organization */
    get: operations["getOrganization"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename the organization */
    patch: operations["updateOrganization"];
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AuditEvent: {
      action: string;
      /** Format: uuid */
      actorId: string | null;
      clientIp: string | null;
      /** Format: uuid */
      id: string;
      /** @description Never personal data: field names, roles, statuses */
      metadata: {
        [key: string]: unknown;
      };
      occurredAt: string;
      requestId: string | null;
      /** Format: uuid */
      targetId: string | null;
      targetType: string;
    };
    AuditEventPage: {
      items: components["schemas"]["AuditEvent"][];
      nextCursor: string | null;
    };
    Case: {
      /** Format: uuid */
      assigneeId: string | null;
      createdAt: string;
      /** Format: uuid */
      createdBy: string | null;
      description: string;
      /** Format: uuid */
      id: string;
      priority: components["schemas"]["CasePriority"];
      /** @description Per-organization case number */
      reference: number;
      status: components["schemas"]["CaseStatus"];
      title: string;
      updatedAt: string;
      /** @description Also sent as the ETag; send it back in If-Match */
      version: number;
    };
    CasePage: {
      items: components["schemas"]["Case"][];
      nextCursor: string | null;
    };
    /** @enum {string} */
    CasePriority: "low" | "normal" | "high" | "urgent";
    /** @enum {string} */
    CaseStatus: "open" | "in_progress" | "on_hold" | "closed";
    ChangeRoleRequest: {
      /** @enum {string} */
      role: "member" | "admin" | "owner";
    };
    CreateCaseRequest: {
      /**
       * Format: uuid
       * @description A member of the organization
       */
      assigneeId?: string;
      /** @example Jams on every duplex job since Monday. */
      description?: string;
      priority?: components["schemas"]["CasePriority"];
      status?: components["schemas"]["CaseStatus"];
      /** @example Printer on floor 3 jams */
      title: string;
    };
    CreateTaskRequest: {
      /**
       * Format: uuid
       * @description A member of the organization
       */
      assigneeId?: string | null;
      /**
       * Format: date
       * @description Calendar date, YYYY-MM-DD
       * @example 2026-12-01
       */
      dueDate?: string | null;
      status?: components["schemas"]["TaskStatus"];
      /** @example Order a new fuser unit */
      title: string;
    };
    Dashboard: {
      casesByStatus: {
        closed: number;
        in_progress: number;
        on_hold: number;
        open: number;
      };
      /** @description When these figures were computed (they may be served from the cache for up to a minute) */
      generatedAt: string;
      /** @description Tasks not done, in live cases */
      openTasks: number;
      /** @description Open tasks whose due date has passed */
      overdueTasks: number;
      /** @description The latest 10 audit events */
      recentActivity: {
        action: string;
        /** Format: uuid */
        actorId: string | null;
        occurredAt: string;
        /** Format: uuid */
        targetId: string | null;
        targetType: string;
      }[];
    };
    Invitation: {
      invitedAt: string;
      /** Format: uuid */
      organizationId: string;
      organizationName: string;
      /** @enum {string} */
      role: "member" | "admin" | "owner";
    };
    InvitationReceipt: {
      email: string;
      /** @enum {string} */
      role: "member" | "admin" | "owner";
      /** @enum {string} */
      status: "invited";
    };
    InviteMemberRequest: {
      /**
       * Format: email
       * @example ada@example.com
       */
      email: string;
      /** @enum {string} */
      role: "member" | "admin" | "owner";
    };
    JoinedOrganization: {
      /** Format: uuid */
      organizationId: string;
      /** @enum {string} */
      role: "member" | "admin" | "owner";
    };
    LoginRequest: {
      /**
       * Format: email
       * @example ada@example.com
       */
      email: string;
      /** Format: uuid */
      organizationId?: string;
      password: string;
    };
    Me: {
      /** Format: uuid */
      organizationId: string;
      /** @enum {string} */
      role: "member" | "admin" | "owner";
      user: components["schemas"]["User"];
    };
    Member: {
      email: string;
      joinedAt: string;
      name: string;
      /** @enum {string} */
      role: "member" | "admin" | "owner";
      /** Format: uuid */
      userId: string;
    };
    MemberList: {
      items: components["schemas"]["Member"][];
    };
    Organization: {
      createdAt: string;
      /** Format: uuid */
      id: string;
      name: string;
      updatedAt: string;
    };
    PersonalDataExport: {
      /** @description Audit events the person caused or that concern them */
      auditEvents: {
        [key: string]: unknown;
      }[];
      /** @description Cases the person created or is assigned, in every organization */
      cases: {
        [key: string]: unknown;
      }[];
      exportedAt: string;
      invitations: components["schemas"]["Invitation"][];
      memberships: {
        joinedAt: string;
        name: string;
        /** Format: uuid */
        organizationId: string;
        role: string;
      }[];
      sessions: {
        createdAt: string;
        expiresAt: string;
        /** Format: uuid */
        organizationId: string;
        revokedAt: string | null;
        usedAt: string | null;
      }[];
      /** @description Tasks assigned to the person, in every organization */
      tasks: {
        [key: string]: unknown;
      }[];
      user: components["schemas"]["User"];
    };
    Problem: {
      /** @enum {string} */
      code:
        | "route_not_found"
        | "method_not_allowed"
        | "not_found"
        | "malformed_request"
        | "malformed_json"
        | "invalid_content_encoding"
        | "validation_failed"
        | "unauthenticated"
        | "forbidden"
        | "request_timeout"
        | "conflict"
        | "precondition_failed"
        | "payload_too_large"
        | "unsupported_media_type"
        | "unsupported_content_encoding"
        | "precondition_required"
        | "rate_limited"
        | "headers_too_large"
        | "internal_error"
        | "service_unavailable";
      detail?: string;
      errors?: {
        field: string;
        message: string;
      }[];
      instance: string;
      requestId: string;
      status: number;
      title: string;
      type: string;
    };
    RefreshRequest: {
      refreshToken: string;
    };
    Session: components["schemas"]["TokenPair"] & {
      organization: components["schemas"]["Organization"];
      /** @enum {string} */
      role: "member" | "admin" | "owner";
      user: components["schemas"]["User"];
    };
    SignupRequest: {
      /**
       * Format: email
       * @example ada@example.com
       */
      email: string;
      name: string;
      organizationName: string;
      /** @example correct horse battery staple */
      password: string;
    };
    Task: {
      /** Format: uuid */
      assigneeId: string | null;
      /** Format: uuid */
      caseId: string;
      createdAt: string;
      /** @description YYYY-MM-DD */
      dueDate: string | null;
      /** Format: uuid */
      id: string;
      status: components["schemas"]["TaskStatus"];
      title: string;
      updatedAt: string;
      /** @description Also sent as the ETag; send it back in If-Match */
      version: number;
    };
    TaskPage: {
      items: components["schemas"]["Task"][];
      nextCursor: string | null;
    };
    /** @enum {string} */
    TaskStatus: "todo" | "in_progress" | "done";
    TokenPair: {
      accessToken: string;
      /** @description Access token lifetime in seconds */
      expiresIn: number;
      refreshToken: string;
      /** @enum {string} */
      tokenType: "Bearer";
    };
    UpdateCaseRequest: {
      /**
       * Format: uuid
       * @description null unassigns
       */
      assigneeId?: string | null;
      /** @example Jams on every duplex job since Monday. */
      description?: string;
      priority?: components["schemas"]["CasePriority"];
      status?: components["schemas"]["CaseStatus"];
      /** @example Printer on floor 3 jams */
      title?: string;
    };
    UpdateMeRequest: {
      /**
       * Format: email
       * @example ada@example.com
       */
      email?: string;
      name?: string;
    };
    UpdateOrganizationRequest: {
      name: string;
    };
    UpdateTaskRequest: {
      /**
       * Format: uuid
       * @description null unassigns
       */
      assigneeId?: string | null;
      /**
       * Format: date
       * @description null clears it
       * @example 2026-12-01
       */
      dueDate?: string | null;
      status?: components["schemas"]["TaskStatus"];
      /** @example Order a new fuser unit */
      title?: string;
    };
    User: {
      createdAt: string;
      email: string;
      /** Format: uuid */
      id: string;
      name: string;
      updatedAt: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listAuditEvents: {
    parameters: {
      query?: {
        /** @example case.updated */
        action?: string;
        /** @example 0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84 */
        actorId?: string;
        /**
         * @description nextCursor of the previous page
         * @example WyIyMDI2LTExLTMwVDA5OjE1OjAyLjQ4MTM1MiswMDowMCIsIjdkMWU0YjJjLTlhM2YtNGU4ZC1iNmM1LTBmMWEyZTNkNGM1YiJd
         */
        cursor?: string;
        /** @example 50 */
        limit?: number;
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        targetId?: string;
        /** @example case */
        targetType?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of audit events */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
           *           "action": "case.updated",
           *           "actorId": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *           "targetType": "case",
           *           "targetId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *           "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *           "clientIp": "203.0.113.24",
           *           "metadata": {
           *             "changed": [
           *               "status",
           *               "assigneeId"
           *             ]
           *           },
           *           "occurredAt": "2026-11-30T10:42:17.906Z"
           *         }
           *       ],
           *       "nextCursor": "WyIyMDI2LTExLTMwVDA5OjE1OjAyLjQ4MTM1MiswMDowMCIsIjdkMWU0YjJjLTlhM2YtNGU4ZC1iNmM1LTBmMWEyZTNkNGM1YiJd"
           *     }
           */
          "application/json": components["schemas"]["AuditEventPage"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/audit-events",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/audit-events",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Requires the admin role */
      403: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:forbidden",
           *       "title": "Not allowed",
           *       "status": 403,
           *       "code": "forbidden",
           *       "instance": "/api/v1/audit-events",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/audit-events",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  logIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "password": "correct horse battery staple",
         *       "organizationId": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60"
         *     }
         */
        "application/json": components["schemas"]["LoginRequest"];
      };
    };
    responses: {
      /** @description Signed in */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "tokenType": "Bearer",
           *       "accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwZjhlM2MyYS02YjFkLTRlNWYtYTdjOS0zZDJiMWEwZTlmODQiLCJleHAiOjE3OTY0NjA1MDJ9.q3N2cVd0b1l1c2VkX2Zvcl9kb2NzX29ubHlfXzAwMDA",
           *       "expiresIn": 900,
           *       "refreshToken": "rt_Jr9xQm2Vb7Lk4Tn8Wc1Zs5Hd3Fg6Yp0Ae2Ru9Oi7Ek4",
           *       "user": {
           *         "id": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *         "email": "ada@example.com",
           *         "name": "Ada Lovelace",
           *         "createdAt": "2026-11-30T09:15:02.481Z",
           *         "updatedAt": "2026-11-30T09:15:02.481Z"
           *       },
           *       "organization": {
           *         "id": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *         "name": "Acme Facilities",
           *         "createdAt": "2026-11-30T09:15:02.481Z",
           *         "updatedAt": "2026-11-30T09:15:02.481Z"
           *       },
           *       "role": "owner"
           *     }
           */
          "application/json": components["schemas"]["Session"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/auth/login",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Invalid email or password */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/auth/login",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/auth/login",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  logOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "refreshToken": "rt_Jr9xQm2Vb7Lk4Tn8Wc1Zs5Hd3Fg6Yp0Ae2Ru9Oi7Ek4"
         *     }
         */
        "application/json": components["schemas"]["RefreshRequest"];
      };
    };
    responses: {
      /** @description Signed out (also when the token was already invalid) */
      204: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/auth/logout",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/auth/logout",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  refreshTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "refreshToken": "rt_Jr9xQm2Vb7Lk4Tn8Wc1Zs5Hd3Fg6Yp0Ae2Ru9Oi7Ek4"
         *     }
         */
        "application/json": components["schemas"]["RefreshRequest"];
      };
    };
    responses: {
      /** @description A new token pair */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "tokenType": "Bearer",
           *       "accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwZjhlM2MyYS02YjFkLTRlNWYtYTdjOS0zZDJiMWEwZTlmODQiLCJleHAiOjE3OTY0NjA1MDJ9.q3N2cVd0b1l1c2VkX2Zvcl9kb2NzX29ubHlfXzAwMDA",
           *       "expiresIn": 900,
           *       "refreshToken": "rt_Jr9xQm2Vb7Lk4Tn8Wc1Zs5Hd3Fg6Yp0Ae2Ru9Oi7Ek4"
           *     }
           */
          "application/json": components["schemas"]["TokenPair"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/auth/refresh",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Invalid, expired, revoked or reused */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/auth/refresh",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/auth/refresh",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  signUp: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "password": "correct horse battery staple",
         *       "name": "Ada Lovelace",
         *       "organizationName": "Acme Facilities"
         *     }
         */
        "application/json": components["schemas"]["SignupRequest"];
      };
    };
    responses: {
      /** @description Signed up and signed in */
      201: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "tokenType": "Bearer",
           *       "accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwZjhlM2MyYS02YjFkLTRlNWYtYTdjOS0zZDJiMWEwZTlmODQiLCJleHAiOjE3OTY0NjA1MDJ9.q3N2cVd0b1l1c2VkX2Zvcl9kb2NzX29ubHlfXzAwMDA",
           *       "expiresIn": 900,
           *       "refreshToken": "rt_Jr9xQm2Vb7Lk4Tn8Wc1Zs5Hd3Fg6Yp0Ae2Ru9Oi7Ek4",
           *       "user": {
           *         "id": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *         "email": "ada@example.com",
           *         "name": "Ada Lovelace",
           *         "createdAt": "2026-11-30T09:15:02.481Z",
           *         "updatedAt": "2026-11-30T09:15:02.481Z"
           *       },
           *       "organization": {
           *         "id": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *         "name": "Acme Facilities",
           *         "createdAt": "2026-11-30T09:15:02.481Z",
           *         "updatedAt": "2026-11-30T09:15:02.481Z"
           *       },
           *       "role": "owner"
           *     }
           */
          "application/json": components["schemas"]["Session"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/auth/signup",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Email already registered */
      409: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:conflict",
           *       "title": "Conflicts with the current state",
           *       "status": 409,
           *       "code": "conflict",
           *       "instance": "/api/v1/auth/signup",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/auth/signup",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listCases: {
    parameters: {
      query?: {
        /**
         * @description nextCursor of the previous page
         * @example WyJzZXEiLCI0MiJd
         */
        cursor?: string;
        /** @example 20 */
        limit?: number;
        /**
         * @description Full-text search in title and description (web search syntax)
         * @example printer jam
         */
        q?: string;
        /** @example in_progress */
        status?: components["schemas"]["CaseStatus"];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of cases */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *           "reference": 42,
           *           "title": "Printer on floor 3 jams",
           *           "description": "Jams on every duplex job since Monday.",
           *           "status": "in_progress",
           *           "priority": "high",
           *           "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *           "createdBy": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *           "version": 3,
           *           "createdAt": "2026-11-30T09:15:02.481Z",
           *           "updatedAt": "2026-11-30T10:42:17.906Z"
           *         }
           *       ],
           *       "nextCursor": "WyJzZXEiLCI0MiJd"
           *     }
           */
          "application/json": components["schemas"]["CasePage"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  createCase: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "title": "Printer on floor 3 jams",
         *       "description": "Jams on every duplex job since Monday.",
         *       "priority": "high",
         *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f"
         *     }
         */
        "application/json": components["schemas"]["CreateCaseRequest"];
      };
    };
    responses: {
      /** @description Created; ETag holds its version */
      201: {
        headers: {
          /** @description The case's version, for If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "reference": 42,
           *       "title": "Printer on floor 3 jams",
           *       "description": "Jams on every duplex job since Monday.",
           *       "status": "open",
           *       "priority": "high",
           *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "createdBy": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *       "version": 1,
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T09:15:02.481Z"
           *     }
           */
          "application/json": components["schemas"]["Case"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The case; ETag holds its version */
      200: {
        headers: {
          /** @description The case's version, for If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "reference": 42,
           *       "title": "Printer on floor 3 jams",
           *       "description": "Jams on every duplex job since Monday.",
           *       "status": "in_progress",
           *       "priority": "high",
           *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "createdBy": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *       "version": 3,
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T10:42:17.906Z"
           *     }
           */
          "application/json": components["schemas"]["Case"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deleteCase: {
    parameters: {
      query?: never;
      header: {
        /**
         * @description The ETag of the version you read (`*`: whatever is current). Missing: 428; stale: 412
         * @example "3"
         */
        "if-match": string;
      };
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names an older version (precondition_failed) */
      412: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_failed",
           *       "title": "The resource changed since it was read",
           *       "status": 412,
           *       "code": "precondition_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match is missing (precondition_required) */
      428: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_required",
           *       "title": "The change must name the version it was made from (If-Match)",
           *       "status": 428,
           *       "code": "precondition_required",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateCase: {
    parameters: {
      query?: never;
      header: {
        /**
         * @description The ETag of the version you read (`*`: whatever is current). Missing: 428; stale: 412
         * @example "2"
         */
        "if-match": string;
      };
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "status": "in_progress",
         *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f"
         *     }
         */
        "application/json": components["schemas"]["UpdateCaseRequest"];
      };
    };
    responses: {
      /** @description The changed case; ETag holds its new version */
      200: {
        headers: {
          /** @description The case's version, for If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "reference": 42,
           *       "title": "Printer on floor 3 jams",
           *       "description": "Jams on every duplex job since Monday.",
           *       "status": "in_progress",
           *       "priority": "high",
           *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "createdBy": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *       "version": 3,
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T10:42:17.906Z"
           *     }
           */
          "application/json": components["schemas"]["Case"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names an older version (precondition_failed) */
      412: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_failed",
           *       "title": "The resource changed since it was read",
           *       "status": 412,
           *       "code": "precondition_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match is missing (precondition_required) */
      428: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_required",
           *       "title": "The change must name the version it was made from (If-Match)",
           *       "status": 428,
           *       "code": "precondition_required",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listTasks: {
    parameters: {
      query?: {
        /**
         * @description nextCursor of the previous page
         * @example WyJzZXEiLCI0MiJd
         */
        cursor?: string;
        /** @example 20 */
        limit?: number;
        /** @example todo */
        status?: components["schemas"]["TaskStatus"];
      };
      header?: never;
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of tasks */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": "3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a",
           *           "caseId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *           "title": "Order a new fuser unit",
           *           "status": "todo",
           *           "dueDate": "2026-12-04",
           *           "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *           "version": 1,
           *           "createdAt": "2026-11-30T09:15:02.481Z",
           *           "updatedAt": "2026-11-30T09:15:02.481Z"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          "application/json": components["schemas"]["TaskPage"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  createTask: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "title": "Order a new fuser unit",
         *       "dueDate": "2026-12-04",
         *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f"
         *     }
         */
        "application/json": components["schemas"]["CreateTaskRequest"];
      };
    };
    responses: {
      /** @description Created; ETag holds its version */
      201: {
        headers: {
          /** @description The task's version, for If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a",
           *       "caseId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "title": "Order a new fuser unit",
           *       "status": "todo",
           *       "dueDate": "2026-12-04",
           *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "version": 1,
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T09:15:02.481Z"
           *     }
           */
          "application/json": components["schemas"]["Task"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getTask: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
        /** @example 3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a */
        taskId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The task; ETag holds its version */
      200: {
        headers: {
          /** @description The task's version, for If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a",
           *       "caseId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "title": "Order a new fuser unit",
           *       "status": "todo",
           *       "dueDate": "2026-12-04",
           *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "version": 1,
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T09:15:02.481Z"
           *     }
           */
          "application/json": components["schemas"]["Task"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deleteTask: {
    parameters: {
      query?: never;
      header: {
        /**
         * @description The ETag of the version you read (`*`: whatever is current). Missing: 428; stale: 412
         * @example "2"
         */
        "if-match": string;
      };
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
        /** @example 3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a */
        taskId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names an older version (precondition_failed) */
      412: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_failed",
           *       "title": "The resource changed since it was read",
           *       "status": 412,
           *       "code": "precondition_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match is missing (precondition_required) */
      428: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_required",
           *       "title": "The change must name the version it was made from (If-Match)",
           *       "status": 428,
           *       "code": "precondition_required",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateTask: {
    parameters: {
      query?: never;
      header: {
        /**
         * @description The ETag of the version you read (`*`: whatever is current). Missing: 428; stale: 412
         * @example "1"
         */
        "if-match": string;
      };
      path: {
        /** @example 7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b */
        caseId: string;
        /** @example 3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a */
        taskId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "status": "done"
         *     }
         */
        "application/json": components["schemas"]["UpdateTaskRequest"];
      };
    };
    responses: {
      /** @description The changed task; ETag holds its new version */
      200: {
        headers: {
          /** @description The task's version, for If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a",
           *       "caseId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "title": "Order a new fuser unit",
           *       "status": "done",
           *       "dueDate": "2026-12-04",
           *       "assigneeId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "version": 2,
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T10:42:17.906Z"
           *     }
           */
          "application/json": components["schemas"]["Task"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match names an older version (precondition_failed) */
      412: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_failed",
           *       "title": "The resource changed since it was read",
           *       "status": 412,
           *       "code": "precondition_failed",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description If-Match is missing (precondition_required) */
      428: {
        headers: {
          /** @description The current version: read the resource again, then send this as If-Match */
          etag: string;
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:precondition_required",
           *       "title": "The change must name the version it was made from (If-Match)",
           *       "status": 428,
           *       "code": "precondition_required",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/cases/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/tasks/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getDashboard: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The organization's dashboard */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "casesByStatus": {
           *         "open": 4,
           *         "in_progress": 2,
           *         "on_hold": 1,
           *         "closed": 17
           *       },
           *       "openTasks": 6,
           *       "overdueTasks": 1,
           *       "recentActivity": [
           *         {
           *           "action": "case.updated",
           *           "targetType": "case",
           *           "targetId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *           "actorId": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *           "occurredAt": "2026-11-30T10:42:17.906Z"
           *         }
           *       ],
           *       "generatedAt": "2026-11-30T10:42:17.906Z"
           *     }
           */
          "application/json": components["schemas"]["Dashboard"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/dashboard",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/dashboard",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getDocsPage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description HTML documentation */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/docs",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Who you are */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "user": {
           *         "id": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *         "email": "ada@example.com",
           *         "name": "Ada Lovelace",
           *         "createdAt": "2026-11-30T09:15:02.481Z",
           *         "updatedAt": "2026-11-30T09:15:02.481Z"
           *       },
           *       "organizationId": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *       "role": "owner"
           *     }
           */
          "application/json": components["schemas"]["Me"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  eraseMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Erased */
      204: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Last owner of an organization */
      409: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:conflict",
           *       "title": "Conflicts with the current state",
           *       "status": 409,
           *       "code": "conflict",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Ada King"
         *     }
         */
        "application/json": components["schemas"]["UpdateMeRequest"];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *       "email": "ada@example.com",
           *       "name": "Ada King",
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T10:42:17.906Z"
           *     }
           */
          "application/json": components["schemas"]["User"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Email in use */
      409: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:conflict",
           *       "title": "Conflicts with the current state",
           *       "status": 409,
           *       "code": "conflict",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  exportMyData: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Your personal data */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "exportedAt": "2026-11-30T10:42:17.906Z",
           *       "user": {
           *         "id": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *         "email": "ada@example.com",
           *         "name": "Ada Lovelace",
           *         "createdAt": "2026-11-30T09:15:02.481Z",
           *         "updatedAt": "2026-11-30T09:15:02.481Z"
           *       },
           *       "memberships": [
           *         {
           *           "organizationId": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *           "name": "Acme Facilities",
           *           "role": "owner",
           *           "joinedAt": "2026-11-30T09:15:02.481Z"
           *         }
           *       ],
           *       "sessions": [
           *         {
           *           "organizationId": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *           "createdAt": "2026-11-30T09:15:02.481Z",
           *           "expiresAt": "2026-12-30T09:15:02.481Z",
           *           "usedAt": null,
           *           "revokedAt": null
           *         }
           *       ],
           *       "invitations": [
           *         {
           *           "organizationId": "c2a9e7d4-1b3f-4a6c-9d8e-7f6a5b4c3d2e",
           *           "organizationName": "Globex Maintenance",
           *           "role": "member",
           *           "invitedAt": "2026-11-30T09:15:02.481Z"
           *         }
           *       ],
           *       "cases": [
           *         {
           *           "id": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *           "title": "Printer on floor 3 jams",
           *           "status": "in_progress",
           *           "createdAt": "2026-11-30T09:15:02.481Z"
           *         }
           *       ],
           *       "tasks": [],
           *       "auditEvents": [
           *         {
           *           "action": "case.updated",
           *           "targetType": "case",
           *           "targetId": "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *           "occurredAt": "2026-11-30T10:42:17.906Z"
           *         }
           *       ]
           *     }
           */
          "application/json": components["schemas"]["PersonalDataExport"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me/export",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me/export",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listMyInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Pending invitations */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "organizationId": "c2a9e7d4-1b3f-4a6c-9d8e-7f6a5b4c3d2e",
           *           "organizationName": "Globex Maintenance",
           *           "role": "member",
           *           "invitedAt": "2026-11-30T09:15:02.481Z"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            items: components["schemas"]["Invitation"][];
          };
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me/invitations",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me/invitations",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  declineInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example c2a9e7d4-1b3f-4a6c-9d8e-7f6a5b4c3d2e */
        organizationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Declined */
      204: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  acceptInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example c2a9e7d4-1b3f-4a6c-9d8e-7f6a5b4c3d2e */
        organizationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Joined */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "organizationId": "c2a9e7d4-1b3f-4a6c-9d8e-7f6a5b4c3d2e",
           *       "role": "member"
           *     }
           */
          "application/json": components["schemas"]["JoinedOrganization"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/accept",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/accept",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/accept",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/me/invitations/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b/accept",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listMembers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Members */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "userId": "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84",
           *           "email": "ada@example.com",
           *           "name": "Ada Lovelace",
           *           "role": "owner",
           *           "joinedAt": "2026-11-30T09:15:02.481Z"
           *         },
           *         {
           *           "userId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *           "email": "grace@example.com",
           *           "name": "Grace Hopper",
           *           "role": "member",
           *           "joinedAt": "2026-11-30T09:15:02.481Z"
           *         }
           *       ]
           *     }
           */
          "application/json": components["schemas"]["MemberList"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  inviteMember: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "email": "grace@example.com",
         *       "role": "member"
         *     }
         */
        "application/json": components["schemas"]["InviteMemberRequest"];
      };
    };
    responses: {
      /** @description Invitation recorded */
      202: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "email": "grace@example.com",
           *       "role": "member",
           *       "status": "invited"
           *     }
           */
          "application/json": components["schemas"]["InvitationReceipt"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Requires the admin role */
      403: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:forbidden",
           *       "title": "Not allowed",
           *       "status": 403,
           *       "code": "forbidden",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Already a member */
      409: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:conflict",
           *       "title": "Conflicts with the current state",
           *       "status": 409,
           *       "code": "conflict",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/members",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  removeMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Would leave no owner */
      409: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:conflict",
           *       "title": "Conflicts with the current state",
           *       "status": 409,
           *       "code": "conflict",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  changeMemberRole: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f */
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "role": "admin"
         *     }
         */
        "application/json": components["schemas"]["ChangeRoleRequest"];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userId": "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f",
           *       "email": "grace@example.com",
           *       "name": "Grace Hopper",
           *       "role": "admin",
           *       "joinedAt": "2026-11-30T09:15:02.481Z"
           *     }
           */
          "application/json": components["schemas"]["Member"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Requires the admin role */
      403: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:forbidden",
           *       "title": "Not allowed",
           *       "status": 403,
           *       "code": "forbidden",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found in the caller's organization */
      404: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:not_found",
           *       "title": "Resource not found",
           *       "status": 404,
           *       "code": "not_found",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Would leave no owner */
      409: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:conflict",
           *       "title": "Conflicts with the current state",
           *       "status": 409,
           *       "code": "conflict",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/members/7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The OpenAPI document */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/openapi.json",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The organization */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *       "name": "Acme Facilities",
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T09:15:02.481Z"
           *     }
           */
          "application/json": components["schemas"]["Organization"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/organization",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/organization",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Acme Facilities Ltd"
         *     }
         */
        "application/json": components["schemas"]["UpdateOrganizationRequest"];
      };
    };
    responses: {
      /** @description The updated organization */
      200: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60",
           *       "name": "Acme Facilities Ltd",
           *       "createdAt": "2026-11-30T09:15:02.481Z",
           *       "updatedAt": "2026-11-30T10:42:17.906Z"
           *     }
           */
          "application/json": components["schemas"]["Organization"];
        };
      };
      /** @description Invalid input (validation_failed, malformed_json) */
      400: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:validation_failed",
           *       "title": "Request failed validation",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "instance": "/api/v1/organization",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
           *       "errors": [
           *         {
           *           "field": "body.title",
           *           "message": "Required"
           *         }
           *       ]
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing, invalid or expired access token, or no longer a member */
      401: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:unauthenticated",
           *       "title": "Authentication required",
           *       "status": 401,
           *       "code": "unauthenticated",
           *       "instance": "/api/v1/organization",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Requires the admin role */
      403: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:forbidden",
           *       "title": "Not allowed",
           *       "status": 403,
           *       "code": "forbidden",
           *       "instance": "/api/v1/organization",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Rate limited */
      429: {
        headers: {
          /** @description Requests allowed in the current window */
          "RateLimit-Limit": number;
          /** @description Requests left in the current window */
          "RateLimit-Remaining": number;
          /** @description Seconds until the window resets */
          "RateLimit-Reset": number;
          /** @description Seconds to wait before retrying */
          "Retry-After": number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:rusty-saas:problem:rate_limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "instance": "/api/v1/organization",
           *       "requestId": "01JDX3Q7ZK4V9M2N8P6R5T3W1Y"
           *     }
           */
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
}
