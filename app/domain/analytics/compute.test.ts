import { ltvEdges } from "./compute";

describe("ltvEdges", () => {
  it("uses round 1-2-5 amounts from about half the average order value", () => {
    expect(ltvEdges(6_000).slice(0, 6)).toEqual([0, 2_000, 5_000, 10_000, 20_000, 50_000]);
    expect(ltvEdges(4_500, 5)).toEqual([0, 2_000, 5_000, 10_000, 20_000]);
    expect(ltvEdges(0, 4)).toEqual([0, 1, 2, 5]);
  });
});
