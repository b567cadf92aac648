import { renderPointsBlock } from "./block";

/** customer-account.order-index.block.render */
export default async () => {
  renderPointsBlock();
};
