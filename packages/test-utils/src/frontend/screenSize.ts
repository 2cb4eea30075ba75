/**
 * Gives every element the given size on screen, at the top left corner: jsdom lays nothing out, so
 * `getBoundingClientRect()` is all zeros otherwise. Undo with `jest.restoreAllMocks()` (or the returned spy's
 * `mockRestore()`).
 */
export function mockScreenSize(width: number, height: number) {
  return jest
    .spyOn(Element.prototype, 'getBoundingClientRect')
    .mockReturnValue({
      x: 0,
      y: 0,
      left: 0,
      top: 0,
      width,
      height,
      right: width,
      bottom: height,
      toJSON: () => ({ x: 0, y: 0, width, height }),
    });
}
