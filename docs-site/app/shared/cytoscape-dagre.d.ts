declare module "cytoscape-dagre" {
  const register: (cytoscape: typeof import("cytoscape")) => void;
  export default register;
}
