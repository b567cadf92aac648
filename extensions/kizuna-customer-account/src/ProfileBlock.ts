import { renderPointsBlock } from "./block";

/** customer-account.profile.block.render */
export default async () => {
  renderPointsBlock();
};
