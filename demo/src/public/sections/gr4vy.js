// The account page's cart card links to /checkout (public/checkout.js drives Gr4vy Embed there).
document.getElementById("go-checkout")?.setAttribute("data-ready", "");
