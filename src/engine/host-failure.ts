/** A file or host that could not be loaded; it is reported as a host with status "error". */
export interface HostFailure {
  host?: string;
  file: string;
  error: Error;
}
