/**
 * The goods the shop sells, with names and prices (whole yuan). In the article the order service
 * asks a goods service for these; here a fixed list stands in for it.
 */
export const catalog = new Map<number, { name: string; price: number }>([
  [1, { name: 'kettle', price: 25 }],
  [2, { name: 'teapot', price: 39 }],
  [3, { name: 'mug', price: 8 }],
]);
