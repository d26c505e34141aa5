// Port for contributors: a person or team and the agent ids that act for them, per tenant.

export interface ContributorRecord {
  tenantId: string;
  contributorId: string;
  displayName: string;
  agentIds: string[];
  role: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContributorStore {
  /** Inserts or replaces (keeping createdAt); returns the stored record and whether it is new. */
  upsertContributor(contributor: ContributorRecord): Promise<{ contributor: ContributorRecord; created: boolean }>;
  getContributor(tenantId: string, contributorId: string): Promise<ContributorRecord | undefined>;
  listContributors(tenantId: string): Promise<ContributorRecord[]>;
  deleteContributor(tenantId: string, contributorId: string): Promise<boolean>;
}
