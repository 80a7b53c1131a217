/** The API's shapes as the UI reads them (SPEC §6; fields the UI does not use are left out). */
export interface ServiceSpec {
  name: string;
  runtime: string;
  http: boolean;
  instances: { min: number; max: number };
  sensorDelivery: string;
}
export interface SensorRequirement {
  type: string;
  location?: string | null;
  count: number;
  services: string[];
}
export interface AppVersion {
  version: string;
  status: string;
  size: number;
  uploadedAt: string;
  entryService?: string | null;
  access: string;
  services: ServiceSpec[];
  sensors: SensorRequirement[];
}
export interface App {
  id: string;
  name: string;
  owner: string;
  description?: string | null;
  entryService?: string | null;
  access: string;
  createdAt: string;
  latestVersion?: string | null;
  versions: AppVersion[];
}
export interface Instance {
  id: string;
  service: string;
  node?: string | null;
  state: string;
  endpoint?: string | null;
  runtime?: string | null;
}
export interface Deployment {
  id: string;
  appId: string;
  version: string;
  owner: string;
  status: string;
  reason?: string | null;
  errorCode?: string | null;
  url?: string | null;
  instances: Instance[];
  history: { status: string; at: string; reason?: string | null }[];
  schedule: { type: string; at?: string | null; cron?: string | null; zone?: string | null; nextRunAt?: string | null };
  durationMinutes?: number | null;
  runs: number;
  createdAt: string;
  updatedAt: string;
}
export interface LogEntry {
  id: string;
  time: string;
  kind: string;
  source: string;
  app?: string | null;
  service?: string | null;
  deployment?: string | null;
  instance?: string | null;
  node?: string | null;
  level: string;
  logger?: string | null;
  message: string;
  stackTrace?: string | null;
  correlationId?: string | null;
}
export interface Page<T> {
  items: T[];
  next?: string | null;
}
export interface SensorField {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  unit?: string | null;
  min?: number | null;
  max?: number | null;
}
export interface SensorType {
  name: string;
  description?: string | null;
  fields: SensorField[];
  owner?: string;
}
export interface Sensor {
  id: string;
  type: string;
  location: string;
  metadata?: Record<string, string>;
  owner?: string;
  createdAt?: string;
  apiKey?: string;
}
export interface Reading {
  id: string;
  sensorId: string;
  ts: string;
  receivedAt?: string;
  values: Record<string, unknown>;
}
export interface Command {
  id: string;
  name?: string;
  status: string;
  createdAt?: string;
  expiresAt?: string;
  deliveredAt?: string | null;
  ackedAt?: string | null;
  result?: unknown;
}
export interface Component {
  id: string;
  kind: string;
  state: string;
  since?: string;
  lastSeen?: string;
  reason?: string | null;
  host?: string | null;
  pid?: number | null;
  nodeId?: string | null;
  app?: string | null;
  service?: string | null;
}
export interface Health {
  status: string;
  counts: Record<string, Record<string, number>>;
  openAlerts: number;
  at: string;
}
export interface Alert {
  id: string;
  /** component-down, node-down, node-overloaded, instance-failed, deployment-failed, … */
  kind: string;
  /** the component, node, instance or deployment id it is about */
  subject: string;
  /** for instance failures `<deploymentId>/<service>`: what else resolves it */
  group?: string | null;
  /** INFO, WARNING or CRITICAL */
  severity: string;
  message: string;
  raisedAt: string;
  resolvedAt?: string | null;
  /** why it cleared, in a sentence */
  resolution?: string | null;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
}
export interface Node {
  id: string;
  address: string;
  status: string;
  labels: Record<string, string>;
  capacity: { cpu: number; memoryMb: number };
  usage: { cpuPercent: number; memoryMb: number; instances: number };
  lastSeen?: string;
  runtimes?: string[];
  executionMode?: string | null;
}
export interface User {
  username: string;
  email?: string;
  roles: string[];
}

export const FINAL_DEPLOYMENT_STATES = ['STOPPED', 'FAILED', 'CANCELLED'];
