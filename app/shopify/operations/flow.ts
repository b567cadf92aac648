/**
 * Shopify Flow: starts the workflows that begin with one of Kizuna's trigger extensions (extensions/kizuna-flow-*)
 * with the trigger's payload, whose keys are the fields the extension declares (decision 026).
 */
export const FLOW_TRIGGER_RECEIVE_MUTATION = `#graphql
  mutation KizunaFlowTriggerReceive($handle: String, $payload: JSON) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors { field message }
    }
  }
`;
