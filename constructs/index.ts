/**
 * The CDKTF library of terraform-provider-apono: the generated bindings, in the layout of prebuilt
 * provider packages (`provider.AponoProvider`, `user.User`, `group.Group`, ...), and the
 * hand-written constructs built on them.
 */
export * from './generated';
export { AponoTeam } from './apono-team';
export type { AponoTeamProps } from './apono-team';
export { IdentityDirectory } from './identity-directory';
export type {
  DirectoryGroup,
  DirectoryUser,
  IdentityDirectoryProps,
  IdentityDirectorySpec,
} from './identity-directory';
export { IdentityValidationError } from './identities';
export type { UserInvitation } from './identities';
