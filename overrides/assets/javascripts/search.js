/*
 * The search page (overrides/search.html): runs the query in the address (?q=words, plus one
 * parameter per chosen filter, e.g. &theme=Neglect) against the Pagefind index.
 *
 * - Pagefind's reader (pagefind/pagefind.js) is imported only when a search is made, and it
 *   fetches only the index chunks that query needs.
 * - Results are a numbered list, ten at a time: each says what kind of page it is (learning
 *   summary, briefing, theme...), and links to the section of the page that matches best
 *   (Pagefind's sub-results: one per heading), with that section's excerpt and up to two
 *   other matching sections.
 * - When nothing matches, or a word looks misspelt, the closest words from the site's themes
 *   and glossary (learning/search-terms.json, written by the generator) are suggested.
 * - The number of results is announced in a polite live region (role="status").
 * - Whatever filters the index holds (data-pagefind-filter on the pages) are offered as groups
 *   of checkboxes, one fieldset per filter inside a disclosure, all inside one "Filter results"
 *   disclosure, closed on a phone so the results come first. Values in one group widen the
 *   search (any of them); different groups narrow it (all of them).
 * - Focus is never moved by a search; "Show more results" moves it to the first new result.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  // The filters this site's pages carry: their order, and friendlier names where needed.
  // Any other filter the index holds follows them, in alphabetical order, as it is named.
  var FILTER_ORDER = ["kind", "theme", "year", "type", "partnership", "age"];
  var FILTER_NAMES = { kind: "type of page", type: "type of review", age: "child's age" };
  var OTHER_SECTIONS = 2;
  var NARROW = window.matchMedia("(max-width: 59.984375em)");

  var form = document.getElementById("slh-search-form");
  if (!form) {
    return;
  }
  var input = document.getElementById("slh-search-q");
  var status = document.getElementById("slh-search-status");
  var failed = document.getElementById("slh-search-failed");
  var filtersBox = document.getElementById("slh-search-filters");
  var list = document.getElementById("slh-search-results");
  var more = document.getElementById("slh-search-more");
  var suggestion = document.getElementById("slh-search-suggestion");
  var bundle = new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
  var termsAddress = new URL(form.getAttribute("data-terms"), document.baseURI).href;
  var pageTitle = document.title;

  var pagefind = null;   // the import, started by the first search
  var latest = 0;        // the newest search; an older one finishing late is dropped
  var query = "";
  var chosen = {};       // filter name -> values ticked
  var filtersFor = null; // the query the filter checkboxes were drawn for
  var results = [];
  var shown = 0;

  /* Pagefind's reader, imported by the first search. Its filter indexes (small: the pages
     for each value) load once, so that every search can count its results by filter value;
     the index chunks for the words load alongside them. */
  var filtersLoaded = null;

  function loadPagefind(words) {
    if (!pagefind) {
      pagefind = import(bundle).then(function (module) {
        filtersLoaded = module.filters();
        return module;
      });
      pagefind.catch(function () {
        pagefind = null; // let a later search try again
      });
    }
    return pagefind.then(function (module) {
      return Promise.all([filtersLoaded, words ? module.preload(words) : null]).then(function () {
        return module;
      });
    });
  }

  /* The address is the state: a search can be bookmarked, shared and reached with Back. */
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    query = (params.get("q") || "").trim();
    chosen = {};
    params.forEach(function (value, name) {
      if (name !== "q" && value) {
        (chosen[name] = chosen[name] || []).push(value);
      }
    });
    input.value = query;
  }

  function writeAddress(newEntry) {
    var params = new URLSearchParams();
    if (query) {
      params.append("q", query);
    }
    Object.keys(chosen).sort().forEach(function (name) {
      chosen[name].forEach(function (value) {
        params.append(name, value);
      });
    });
    var search = params.toString();
    var address = window.location.pathname + (search ? "?" + search : "");
    window.history[newEntry ? "pushState" : "replaceState"](null, "", address);
  }

  function activeFilters() {
    var filters = {};
    Object.keys(chosen).forEach(function (name) {
      if (chosen[name].length) {
        filters[name] = { any: chosen[name] };
      }
    });
    return filters;
  }

  function filterCount() {
    return Object.keys(chosen).reduce(function (total, name) {
      return total + chosen[name].length;
    }, 0);
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function describe(total) {
    var what = query ? " for \u2018" + query + "\u2019" : "";
    var filtered = filterCount() ? " with " + plural(filterCount(), "filter", "filters") : "";
    if (total === 0) {
      return "No results" + what + filtered + ". Check the spelling, or try fewer or "
        + "different words" + (filtered ? ", or remove a filter" : "") + ".";
    }
    return plural(total, "result", "results") + what + filtered + ".";
  }

  function clear() {
    latest += 1;
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
  }

  function run() {
    var filters = activeFilters();
    if (!query && !Object.keys(filters).length) {
      clear();
      status.textContent = "";
      filtersBox.hidden = true;
      suggestion.hidden = true;
      filtersFor = null;
      document.title = pageTitle;
      return;
    }
    latest += 1;
    var search = latest;
    document.title = (query ? "\u2018" + query + "\u2019: " : "") + pageTitle;
    status.textContent = "Searching\u2026";
    failed.hidden = true;
    loadPagefind(query).then(function (module) {
      return module.search(query || null, { filters: filters });
    }).then(function (found) {
      if (search !== latest) {
        return;
      }
      results = found.results;
      shown = 0;
      loading = false;
      list.replaceChildren();
      if (filtersFor !== query) {
        drawFilters(found.totalFilters || {});
        filtersFor = query;
      }
      return showMore(search).then(function () {
        if (search === latest) {
          status.textContent = describe(results.length);
          suggest(query, results.length);
        }
      });
    }).catch(failure(search));
  }

  function failure(search) {
    return function () {
      if (search === latest) {
        status.textContent = "Search could not be loaded. Check your connection, then "
          + "search again.";
        failed.hidden = false;
      }
    };
  }

  /* The next ten results; resolves to the first new list item, if any. A press of "Show
     more" while a batch is still loading is ignored. */
  var loading = false;

  function showMore(search) {
    if (loading && search === latest) {
      return Promise.resolve(null);
    }
    loading = true;
    var next = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(next.map(function (result) {
      return result.data();
    })).finally(function () {
      if (search === latest) {
        loading = false;
      }
    }).then(function (pages) {
      if (search !== latest) {
        return null;
      }
      var first = null;
      pages.forEach(function (data) {
        var item = resultItem(data);
        if (item) {
          list.appendChild(item);
          first = first || item;
        }
      });
      shown += next.length;
      more.hidden = shown >= results.length;
      more.textContent = "Show more results (" + shown + " of " + results.length + " shown)";
      return first;
    });
  }

  function webAddress(url) {
    var address = new URL(url, window.location.href);
    return address.protocol === "http:" || address.protocol === "https:" ? address : null;
  }

  /* A page's sections that match, best first: Pagefind gives one sub-result per heading
     (the part before the first heading has the page's own address), each with where the
     words were found and how much each place counts. */
  function sections(data) {
    var scored = (data.sub_results || []).map(function (section, index) {
      var score = (section.weighted_locations || []).reduce(function (total, place) {
        return total + (place.balanced_score || place.weight || 1);
      }, 0);
      return { section: section, score: score, index: index };
    });
    scored.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    return scored.map(function (entry) { return entry.section; });
  }

  function resultItem(data) {
    var title = (data.meta && data.meta.title) || "";
    var matching = sections(data).filter(function (section) {
      return webAddress(section.url);
    });
    var best = matching[0];
    // The page's own heading is its top, not a section of it.
    if (best && best.title === title) {
      best = Object.assign({}, best, { url: data.url, anchor: null });
    }
    var address = webAddress(best ? best.url : data.url);
    if (!address) {
      return null;
    }
    var item = document.createElement("li");
    item.className = "slh-search__result";
    if (data.meta && data.meta.kind) {
      var kind = document.createElement("span");
      kind.className = "slh-search__kind";
      kind.textContent = data.meta.kind;
      item.append(kind, " ");
    }
    var link = document.createElement("a");
    link.className = "slh-search__link";
    link.href = address.href;
    link.textContent = title || address.pathname;
    item.appendChild(link);
    if (best && best.anchor && best.title && best.title !== title) {
      var where = document.createElement("span");
      where.className = "slh-search__section";
      where.textContent = "Section: " + best.title;
      item.appendChild(where);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "slh-search__excerpt";
    excerpt.appendChild(excerptText((best && best.excerpt) || data.excerpt || ""));
    item.appendChild(excerpt);
    var others = matching.slice(1).filter(function (section) {
      return section.anchor && section.title && section.title !== title;
    }).slice(0, OTHER_SECTIONS);
    if (others.length) {
      var also = document.createElement("ul");
      also.className = "slh-search__sections";
      also.setAttribute("aria-label", "Other matching sections of " + (title || "this page"));
      others.forEach(function (section) {
        var entry = document.createElement("li");
        var sectionLink = document.createElement("a");
        sectionLink.href = webAddress(section.url).href;
        sectionLink.textContent = section.title;
        entry.appendChild(sectionLink);
        also.appendChild(entry);
      });
      item.appendChild(also);
    }
    return item;
  }

  /* "Did you mean": each word of the query that no theme or glossary word starts with (or
     is the start of), and that is one or two letters from one, is offered corrected, with
     the closest theme's page. The list is small and is fetched only when needed. */
  var terms = null;

  function loadTerms() {
    if (!terms) {
      terms = fetch(termsAddress).then(function (response) {
        return response.ok ? response.json() : { words: [], themes: [] };
      }).catch(function () {
        return { words: [], themes: [] };
      });
    }
    return terms;
  }

  function distance(a, b) {
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j += 1) {
      previous.push(j);
    }
    for (i = 1; i <= a.length; i += 1) {
      current = [i];
      for (j = 1; j <= b.length; j += 1) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  function closest(word, words) {
    if (word.length < 4 || words.some(function (known) {
      return known.indexOf(word) === 0 || word.indexOf(known) === 0;
    })) {
      return null;
    }
    var allowed = word.length < 7 ? 1 : 2;
    var best = null, bestDistance = allowed + 1;
    words.forEach(function (known) {
      var apart = distance(word, known);
      if (apart < bestDistance) {
        best = known;
        bestDistance = apart;
      }
    });
    return best;
  }

  function suggest(forQuery, found) {
    suggestion.hidden = true;
    suggestion.replaceChildren();
    if (!forQuery) {
      return;
    }
    var search = latest;
    loadTerms().then(function (vocabulary) {
      if (search !== latest) {
        return;
      }
      var changed = false;
      var words = forQuery.toLowerCase().split(/\s+/).map(function (word) {
        var better = closest(word, vocabulary.words);
        changed = changed || Boolean(better);
        return better || word;
      });
      var corrected = words.join(" ");
      // The theme named exactly so, else one with a name starting so, else containing it.
      function fit(entry) {
        return Math.min.apply(null, entry.names.map(function (name) {
          var at = name.indexOf(corrected);
          return name === corrected ? 0 : at === 0 ? 1 : at > 0 ? 2 : 3;
        }));
      }
      var theme = vocabulary.themes.map(function (entry) {
        return { entry: entry, fit: fit(entry) };
      }).filter(function (scored) {
        return scored.fit < 3;
      }).sort(function (a, b) {
        return a.fit - b.fit || a.entry.name.length - b.entry.name.length;
      }).map(function (scored) {
        return scored.entry;
      })[0];
      if (!changed && (found || !theme)) {
        return;
      }
      if (changed) {
        var link = document.createElement("a");
        link.href = "?q=" + encodeURIComponent(corrected);
        link.textContent = corrected;
        suggestion.append("Did you mean ", link, "?");
      }
      if (theme && webAddress(theme.url)) {
        var themeLink = document.createElement("a");
        themeLink.href = new URL(theme.url, termsAddress).href;
        themeLink.textContent = theme.name;
        suggestion.append((changed ? " " : "") + "The closest theme is ", themeLink, ".");
      }
      suggestion.hidden = false;
    });
  }

  /* Pagefind's excerpt is HTML with the matched words in <mark>. Only the text and the marks
     are kept: nothing else in it ever becomes markup. A parsed document is inert. */
  function excerptText(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    var fragment = document.createDocumentFragment();
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function filterLabel(name) {
    return FILTER_NAMES[name] || name.replace(/[-_]+/g, " ");
  }

  function chosenNote(name) {
    var count = (chosen[name] || []).length;
    return count ? " (" + count + " chosen)" : "";
  }

  /* One disclosure per filter, holding a fieldset of checkboxes: the values that occur in
     this query's results (with how many), and any value already ticked. */
  function drawFilters(counts) {
    filtersBox.replaceChildren();
    var outer = document.createElement("details");
    outer.className = "slh-filters";
    outer.open = filterCount() > 0 || !NARROW.matches;
    var outerSummary = document.createElement("summary");
    outerSummary.textContent = "Filter results";
    outer.appendChild(outerSummary);
    var names = Object.keys(counts).filter(function (name) { return name !== "q"; });
    names.sort(function (a, b) {
      var rankA = FILTER_ORDER.indexOf(a) === -1 ? FILTER_ORDER.length : FILTER_ORDER.indexOf(a);
      var rankB = FILTER_ORDER.indexOf(b) === -1 ? FILTER_ORDER.length : FILTER_ORDER.indexOf(b);
      return rankA - rankB || a.localeCompare(b);
    });
    names.forEach(function (name, groupIndex) {
      var ticked = chosen[name] || [];
      var values = Object.keys(counts[name]).filter(function (value) {
        return counts[name][value] > 0 || ticked.indexOf(value) !== -1;
      });
      ticked.forEach(function (value) {
        if (values.indexOf(value) === -1) {
          values.push(value);
        }
      });
      if (!values.length) {
        return;
      }
      // Numbers (years) newest first; anything else in natural order ("2" before "10").
      var numbers = values.every(function (value) { return /^\d+$/.test(value); });
      values.sort(function (a, b) {
        return (numbers ? -1 : 1) * a.localeCompare(b, "en-GB", { numeric: true });
      });
      var label = filterLabel(name);
      var details = document.createElement("details");
      details.className = "slh-filter";
      details.open = ticked.length > 0;
      var summary = document.createElement("summary");
      var note = document.createElement("span");
      note.textContent = chosenNote(name);
      summary.append("Filter by " + label, note);
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.className = "slh-visually-hidden";
      legend.textContent = label.charAt(0).toUpperCase() + label.slice(1);
      fieldset.appendChild(legend);
      values.forEach(function (value, index) {
        var id = "slh-filter-" + groupIndex + "-" + index;
        var option = document.createElement("div");
        option.className = "slh-filter__option";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.name = name;
        box.value = value;
        box.checked = ticked.indexOf(value) !== -1;
        box.addEventListener("change", function () {
          var values = chosen[name] || [];
          chosen[name] = box.checked
            ? values.concat([value])
            : values.filter(function (other) { return other !== value; });
          note.textContent = chosenNote(name);
          writeAddress(false);
          run();
        });
        var text = document.createElement("label");
        text.htmlFor = id;
        text.textContent = value + " (" + (counts[name][value] || 0) + ")";
        option.append(box, text);
        fieldset.appendChild(option);
      });
      details.append(summary, fieldset);
      outer.appendChild(details);
    });
    if (outer.childElementCount > 1) {
      filtersBox.appendChild(outer);
    }
    filtersBox.hidden = !filtersBox.childElementCount;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    query = input.value.trim();
    writeAddress(true);
    run();
  });

  more.addEventListener("click", function () {
    showMore(latest).then(function (first) {
      if (first) {
        first.querySelector("a").focus();
      }
    }).catch(failure(latest));
  });

  window.addEventListener("popstate", function () {
    readAddress();
    filtersFor = null; // the ticked boxes follow the address
    run();
  });

  readAddress();
  run();
})();
