/** A tenant with all three providers, as GET /api/v1/sso answers it (secrets masked). */
export const SSO = {
  tenant: 'acme',
  oidc: {
    issuer: 'https://idp.example.com',
    clientId: 'obsera-web',
    clientSecret: '***',
    groupsClaim: 'groups',
  },
  github: {
    clientId: 'gh-client',
    clientSecret: '***',
    org: 'acme-inc',
    teamRoles: { 'acme-inc/sre': 'ADMIN' },
  },
  saml: {
    idpMetadataXml: null,
    idpMetadataUrl: 'https://saml.example.com/metadata',
    idpEntityId: null,
    idpSsoUrl: null,
    idpCertificate: null,
    groupsAttribute: 'memberOf',
  },
  allowedEmailDomains: ['example.com'],
  jitProvisioning: true,
  defaultRole: 'VIEWER',
  groupRoleMappings: { engineers: 'EDITOR' },
  ssoRequired: false,
  updatedAt: '2026-12-06T10:00:00Z',
  actor: 'user:u1',
};
