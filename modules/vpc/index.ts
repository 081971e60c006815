export * from "./vpc";
export * from "./routing";
export { LOG_RETENTION_DAYS } from "./checks";
