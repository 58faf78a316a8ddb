export * from "./users";
export * from "./projects";
export * from "./milestones";
export * from "./cases";
export * from "./runs";
export * from "./ops";
export * from "./exploratory";
export * from "./integrations";
