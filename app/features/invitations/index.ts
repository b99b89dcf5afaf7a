// The invitations feature's entry point: what the route table and other features may use.
export { invitationRoutes } from "./invitation-routes.js";
