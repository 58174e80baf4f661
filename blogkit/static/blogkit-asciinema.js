// Terminal recordings: each one is played by the asciinema player shipped with the site
// (asciinema-player/, a copy of the npm package pinned in package-lock.json), from the
// site's own copy of the .cast file.
for (const element of document.querySelectorAll(".blog-asciinema-player[data-cast]")) {
  const options = JSON.parse(element.dataset.options || "{}");
  element.replaceChildren();
  AsciinemaPlayer.create(element.dataset.cast, element, { fit: "width", ...options });
}
