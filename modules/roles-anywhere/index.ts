export * from "./roles-anywhere";
export * from "./certificates";
export * from "./session-policy";
