// Click-to-load video facades: nothing is requested from YouTube or Vimeo until the reader
// presses play; then the player's frame replaces the poster and starts.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".blog-video-play");
  const frame = button && button.closest(".blog-video-frame");
  if (!frame) return;
  const player = document.createElement("iframe");
  player.src = frame.dataset.embed;
  player.title = frame.dataset.title || "Video";
  player.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
  player.allowFullscreen = true;
  player.referrerPolicy = "strict-origin-when-cross-origin";
  frame.replaceChildren(player);
  frame.classList.add("blog-video-playing");
  player.focus();
});
