// Material marks <body> with data-md-color-switching while it applies a colour
// palette, so that no colour transition plays during a switch; its stylesheet
// matches every element of the page under that mark ([data-md-color-switching]
// *), so adding and removing it restyles the whole page. Material applies the
// saved palette once more while the page loads, when nothing switches and
// nothing has been drawn yet: on a long lesson that cost two full restyles.
// This script, loaded just before the bundle (overrides/main.html), lets the
// mark through only once the page has loaded: a reader's switch is unchanged.

(() => {
  const body = document.body;
  const { setAttribute } = Element.prototype;
  body.setAttribute = function (name, value) {
    if (name === "data-md-color-switching" && document.readyState !== "complete") {
      return;
    }
    setAttribute.call(this, name, value);
  };
})();
