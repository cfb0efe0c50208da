// The public directory's search box (/directory): suggestions while typing, and "near me" from the browser's location.
// The page works without this script: the form is a plain GET form. Events are taken at the document, so the script
// keeps working whatever part of the page is rendered again.
(() => {
    'use strict';

    const boxSelector = '[data-testid="directory-search"]';
    const delay = 150;
    let timer = 0;
    let latest = 0;
    let active = -1;

    const listOf = box => document.getElementById(box.getAttribute('aria-controls'));
    const itemsOf = list => Array.from(list.querySelectorAll('[data-testid="directory-suggestion"]'));

    function close(box) {
        const list = listOf(box);
        if (list) {
            list.hidden = true;
            list.replaceChildren();
        }
        box.setAttribute('aria-expanded', 'false');
        box.removeAttribute('aria-activedescendant');
        active = -1;
    }

    function where(suggestion) {
        if (suggestion.kind === 'listing' && suggestion.listingId) {
            return '/directory/listings/' + encodeURIComponent(suggestion.listingId);
        }
        if (suggestion.kind === 'category' && suggestion.category) {
            return '/directory?category=' + encodeURIComponent(suggestion.category);
        }
        return '/directory?q=' + encodeURIComponent(suggestion.text);
    }

    function show(box, suggestions) {
        const list = listOf(box);
        if (!list) {
            return;
        }
        list.replaceChildren();
        active = -1;
        suggestions.forEach((suggestion, index) => {
            // Text only, never markup: names come from anyone who lists a business.
            const item = document.createElement('li');
            item.id = 'directory-suggestion-' + index;
            item.setAttribute('role', 'option');
            item.setAttribute('data-testid', 'directory-suggestion');
            const link = document.createElement('a');
            link.href = where(suggestion);
            link.tabIndex = -1;
            link.textContent = suggestion.text;
            const kind = document.createElement('span');
            kind.className = 'directory-suggestion-kind';
            kind.textContent = suggestion.kind === 'category' ? 'Category' : 'Business';
            link.append(' ', kind);
            item.append(link);
            list.append(item);
        });
        list.hidden = suggestions.length === 0;
        box.setAttribute('aria-expanded', suggestions.length === 0 ? 'false' : 'true');
    }

    async function suggest(box) {
        const q = box.value.trim();
        if (q.length < 2) {
            close(box);
            return;
        }
        const ask = ++latest;
        try {
            const response = await fetch('/directory/suggest?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } });
            // An answer to an older question than the latest is dropped.
            if (ask !== latest) {
                return;
            }
            show(box, response.ok ? await response.json() : []);
        } catch {
            if (ask === latest) {
                close(box);
            }
        }
    }

    function move(box, step) {
        const list = listOf(box);
        const items = list && !list.hidden ? itemsOf(list) : [];
        if (items.length === 0) {
            return;
        }
        items[active]?.removeAttribute('aria-selected');
        active = (active + step + items.length) % items.length;
        items[active].setAttribute('aria-selected', 'true');
        box.setAttribute('aria-activedescendant', items[active].id);
    }

    document.addEventListener('input', event => {
        const box = event.target instanceof Element ? event.target.closest(boxSelector) : null;
        if (!box) {
            return;
        }
        clearTimeout(timer);
        if (box.value.trim().length < 2) {
            latest++;
            close(box);
            return;
        }
        timer = setTimeout(() => suggest(box), delay);
    });

    document.addEventListener('keydown', event => {
        const box = event.target instanceof Element ? event.target.closest(boxSelector) : null;
        if (!box) {
            return;
        }
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            move(box, event.key === 'ArrowDown' ? 1 : -1);
        } else if (event.key === 'Escape') {
            close(box);
        } else if (event.key === 'Enter' && active >= 0) {
            // Enter on a chosen suggestion goes there; otherwise it submits the search as typed.
            const link = itemsOf(listOf(box))[active]?.querySelector('a');
            if (link) {
                event.preventDefault();
                window.location.assign(link.href);
            }
        }
    });

    // A click anywhere but the box or its list closes the list (a click on a suggestion follows its link first).
    document.addEventListener('click', event => {
        document.querySelectorAll(boxSelector).forEach(box => {
            const list = listOf(box);
            if (event.target instanceof Node && !box.contains(event.target) && !(list && list.contains(event.target))) {
                close(box);
            }
        });
    });

    // "Near me": the browser's location into the form's lat and lon, then the search again. Without geolocation (or
    // when the visitor says no) the button stays hidden or does nothing, and the search works without a place.
    document.addEventListener('click', event => {
        const button = event.target instanceof Element ? event.target.closest('[data-directory-near]') : null;
        const form = button?.form;
        if (!form || !('geolocation' in navigator)) {
            return;
        }
        const status = form.querySelector('[data-directory-near-status]');
        if (status) {
            status.textContent = 'Finding your location…';
        }
        navigator.geolocation.getCurrentPosition(position => {
            const lat = form.querySelector('input[name="lat"]');
            const lon = form.querySelector('input[name="lon"]');
            if (!lat || !lon) {
                return;
            }
            lat.value = position.coords.latitude.toFixed(5);
            lon.value = position.coords.longitude.toFixed(5);
            lat.disabled = false;
            lon.disabled = false;
            form.requestSubmit();
        }, () => {
            if (status) {
                status.textContent = 'Your location is not available; search by city instead.';
            }
        }, { timeout: 10000, maximumAge: 300000 });
    });

    function revealNearButtons() {
        if ('geolocation' in navigator) {
            document.querySelectorAll('[data-directory-near]').forEach(button => { button.hidden = false; });
        }
    }

    revealNearButtons();
    document.addEventListener('DOMContentLoaded', () => {
        revealNearButtons();
        // Blazor's enhanced navigation may bring a page in without loading this script again.
        window.Blazor?.addEventListener?.('enhancedload', revealNearButtons);
    });
})();
