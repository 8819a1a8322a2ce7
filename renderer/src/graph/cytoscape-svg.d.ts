/** Types for cytoscape-svg (the package ships none): an extension adding `cy.svg()`. */
declare module 'cytoscape-svg' {
  import type { Ext } from 'cytoscape';
  const ext: Ext;
  export default ext;
}

