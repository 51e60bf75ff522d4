/* Question widgets, one per type. Each returns { el, read(), write(response), grade(response),
 * details(grade, reveal) }: read() is the trainee's response (plain JSON, so a timed exam can
 * store it), write() puts a stored response back, grade() scores it (grade.js), details() marks
 * the widget and returns the nodes explaining the result. With reveal false (a question an exam
 * can draw, left unanswered) the answer is not shown. */
(function (CB) {
  "use strict";

  const h = CB.h;

  function questionLegend(q, index, extra) {
    return h(
      "legend",
      { class: "cb-q-legend" },
      h("span", { class: "cb-q-meta" }, "第 " + (index + 1) + " 题 · " + CB.TYPE_LABELS[q.type] + (extra || "")),
      " ",
      h("span", { class: "cb-q-prompt" }, q.prompt)
    );
  }

  // Shown instead of the answer for an unanswered question that exams can draw.
  function withheld() {
    return h("p", { class: "cb-withheld" }, "这道题考试时可能抽到，没有作答时不显示答案。");
  }

  function checkValues(list, values) {
    const want = Array.isArray(values) ? values.map(String) : [];
    for (const input of list.inputs) input.checked = want.includes(input.value);
  }

  function optionList(name, options, multiple) {
    const box = h("div", { class: "cb-options" });
    const inputs = [];
    const labels = new Map();
    for (const o of options) {
      const input = h("input", { type: multiple ? "checkbox" : "radio", name: name, value: o.id, class: "cb-input" });
      const label = h("label", { class: "cb-option" }, input, h("span", { class: "cb-option-text" }, o.text));
      inputs.push(input);
      labels.set(o.id, label);
      box.appendChild(label);
    }
    return {
      el: box,
      inputs: inputs,
      labels: labels,
      checked: () => inputs.filter((i) => i.checked).map((i) => i.value),
    };
  }

  function badge(label, text, kind) {
    label.appendChild(h("span", { class: "cb-badge cb-badge--" + kind }, text));
  }

  function markOptions(list, correctIds, chosenIds, answerLabel, reveal) {
    for (const [id, label] of list.labels) {
      const correct = reveal !== false && correctIds.includes(id);
      const chosen = chosenIds.includes(id);
      if (correct) label.classList.add("cb-option--answer");
      if (chosen) label.classList.add("cb-option--chosen");
      if (correct) badge(label, answerLabel || "正确答案", "right");
      else if (chosen) badge(label, "你的选择", "wrong");
    }
    list.inputs.forEach((i) => (i.disabled = true));
  }

  function choiceWidget(q, index, name) {
    const multiple = q.type === "multiple";
    const options = CB.shuffle(q.options.slice());
    const fs = h("fieldset", { class: "cb-q cb-q--" + q.type, "data-key": q.key });
    fs.appendChild(questionLegend(q, index, multiple ? "（可多选）" : ""));
    const list = optionList(name, options, multiple);
    fs.appendChild(list.el);
    return {
      el: fs,
      read: list.checked,
      write: (values) => checkValues(list, values),
      grade: (chosen) => CB.gradeQuestion(q, chosen),
      details: function (g, reveal) {
        const want = CB.answerIds(q);
        markOptions(list, want, g.chosen, null, reveal);
        const out = [];
        if (!g.answered) out.push(h("p", { class: "cb-chosen" }, "你没有作答。"));
        if (reveal === false) return out.concat(withheld());
        for (const o of options) {
          if (!g.chosen.includes(o.id)) continue;
          out.push(
            h(
              "p",
              { class: "cb-chosen" },
              h("strong", null, "你的选择："),
              "“" + o.text + "”",
              o.feedback ? h("span", { class: "cb-option-feedback" }, " " + o.feedback) : null
            )
          );
        }
        if (!g.right) {
          out.push(
            h(
              "p",
              { class: "cb-correct" },
              h("strong", null, "正确答案："),
              want.map((id) => "“" + CB.optionText(q.options, id) + "”").join("；")
            )
          );
        }
        return out;
      },
    };
  }

  function trueFalseWidget(q, index, name) {
    const options = [
      { id: "true", text: "对" },
      { id: "false", text: "错" },
    ];
    const fs = h("fieldset", { class: "cb-q cb-q--truefalse", "data-key": q.key });
    fs.appendChild(questionLegend(q, index, "（判断这个说法对不对）"));
    const list = optionList(name, options, false);
    list.el.classList.add("cb-options--inline");
    fs.appendChild(list.el);
    return {
      el: fs,
      read: list.checked,
      write: (values) => checkValues(list, values),
      grade: (chosen) => CB.gradeQuestion(q, chosen),
      details: function (g, reveal) {
        markOptions(list, [q.answer ? "true" : "false"], g.chosen, null, reveal);
        const out = [];
        if (!g.answered) out.push(h("p", { class: "cb-chosen" }, "你没有作答。"));
        if (reveal === false) return out.concat(withheld());
        else out.push(h("p", { class: "cb-chosen" }, h("strong", null, "你的选择："), g.chosen[0] === "true" ? "对" : "错"));
        if (!g.right) {
          out.push(
            h("p", { class: "cb-correct" }, h("strong", null, "正确答案："), q.answer ? "对（这个说法正确）" : "错（这个说法不正确）")
          );
        }
        return out;
      },
    };
  }

  function orderingWidget(q, index, name, announce) {
    const fs = h("fieldset", { class: "cb-q cb-q--ordering", "data-key": q.key });
    fs.appendChild(questionLegend(q, index, ""));
    const hintId = name + "-hint";
    fs.appendChild(h("p", { class: "cb-hint", id: hintId }, "用“上移”“下移”按钮把各项排成正确的顺序。"));
    let order = CB.startOrder(q.items);
    const ol = h("ol", { class: "cb-order", "aria-describedby": hintId });
    fs.appendChild(ol);
    let locked = false;
    let touched = false;

    function move(pos, delta, which) {
      const to = pos + delta;
      if (locked || to < 0 || to >= order.length) return;
      touched = true;
      const t = order[pos];
      order[pos] = order[to];
      order[to] = t;
      draw();
      announce("已将“" + q.items[order[to]] + "”移到第 " + (to + 1) + " 位，共 " + order.length + " 项。");
      // Keep focus on the moved item: same button if still usable, otherwise the other one.
      const buttons = ol.children[to].querySelectorAll("button");
      const same = buttons[which];
      (same && !same.disabled ? same : buttons[1 - which]).focus();
    }

    function button(label, text, onclick, disabled) {
      const b = h("button", { type: "button", class: "cb-btn cb-btn--small", "aria-label": label + "：" + text, onclick: onclick }, label);
      b.disabled = disabled;
      return b;
    }

    function draw() {
      ol.textContent = "";
      order.forEach(function (itemIndex, pos) {
        const text = q.items[itemIndex];
        const up = button("上移", text, () => move(pos, -1, 0), locked || pos === 0);
        const down = button("下移", text, () => move(pos, 1, 1), locked || pos === order.length - 1);
        ol.appendChild(
          h("li", { class: "cb-order-item" }, h("span", { class: "cb-order-text" }, text), h("span", { class: "cb-order-buttons" }, up, down))
        );
      });
    }
    draw();

    // A stored order is taken only if it is a permutation of the items.
    function write(response) {
      const o = CB.isObj(response) && Array.isArray(response.order) ? response.order : null;
      if (!o || o.length !== q.items.length || !q.items.every((_, i) => o.includes(i))) return;
      order = o.slice();
      touched = response.touched === true;
      draw();
    }

    return {
      el: fs,
      read: () => ({ order: order.slice(), touched: touched }),
      write: write,
      grade: (response) => CB.gradeQuestion(q, response),
      details: function (g, reveal) {
        locked = true;
        draw();
        if (reveal === false) return [h("p", { class: "cb-chosen" }, "你没有调整顺序。"), withheld()];
        Array.from(ol.children).forEach(function (li, pos) {
          const ok = q.items[g.order[pos]] === q.items[pos];
          li.classList.add(ok ? "cb-order-item--right" : "cb-order-item--wrong");
          li.appendChild(h("span", { class: "cb-badge cb-badge--" + (ok ? "right" : "wrong") }, ok ? "位置正确" : "位置不对"));
        });
        const out = [];
        if (!g.answered) out.push(h("p", { class: "cb-chosen" }, "你没有调整顺序。"));
        if (!g.right) {
          out.push(
            h("p", { class: "cb-correct" }, h("strong", null, "正确顺序：")),
            h("ol", { class: "cb-correct-order" }, q.items.map((t) => h("li", null, t)))
          );
        }
        return out;
      },
    };
  }

  function dialogueWidget(q, index, name) {
    const fs = h("fieldset", { class: "cb-q cb-q--dialogue", "data-key": q.key });
    fs.appendChild(questionLegend(q, index, ""));
    const steps = q.steps.map(function (step, si) {
      const options = CB.shuffle(step.options.slice());
      const sfs = h(
        "fieldset",
        { class: "cb-step" },
        h(
          "legend",
          { class: "cb-step-legend" },
          h("span", { class: "cb-step-meta" }, "第 " + (si + 1) + " 轮 · 客户说："),
          " ",
          h("span", { class: "cb-bubble" }, step.customer)
        )
      );
      sfs.appendChild(h("p", { class: "cb-hint", "aria-hidden": "true" }, "你的回应："));
      const list = optionList(name + "-s" + si, options, false);
      sfs.appendChild(list.el);
      fs.appendChild(sfs);
      return { step: step, options: options, list: list, el: sfs };
    });
    return {
      el: fs,
      read: () => steps.map((s) => s.list.checked()[0] || null),
      write: (chosen) => steps.forEach((s, i) => checkValues(s.list, Array.isArray(chosen) && chosen[i] ? [chosen[i]] : [])),
      grade: (chosen) => CB.gradeQuestion(q, chosen),
      details: function (g, reveal) {
        if (reveal === false) {
          steps.forEach((s) => markOptions(s.list, [], [], null, false));
          return [h("p", { class: "cb-chosen" }, "你没有作答。"), withheld()];
        }
        steps.forEach(function (s, i) {
          const c = g.chosen[i];
          markOptions(s.list, [s.step.answer], c ? [c] : [], "最佳回应");
          const ok = g.rights[i];
          const chosenOpt = s.options.find((o) => o.id === c);
          s.el.appendChild(
            h(
              "div",
              { class: "cb-step-result cb-step-result--" + (ok ? "right" : "wrong") },
              h("p", { class: "cb-step-verdict" }, ok ? "本轮回应恰当" : c ? "本轮回应不恰当" : "本轮没有作答"),
              chosenOpt
                ? h(
                    "p",
                    { class: "cb-chosen" },
                    h("strong", null, "你的回应："),
                    "“" + chosenOpt.text + "”",
                    chosenOpt.feedback ? h("span", { class: "cb-option-feedback" }, " " + chosenOpt.feedback) : null
                  )
                : null,
              ok ? null : h("p", { class: "cb-correct" }, h("strong", null, "最佳回应："), "“" + CB.optionText(s.options, s.step.answer) + "”")
            )
          );
        });
        return [];
      },
    };
  }

  function makeWidget(q, index, name, announce) {
    if (q.type === "truefalse") return trueFalseWidget(q, index, name);
    if (q.type === "ordering") return orderingWidget(q, index, name, announce);
    if (q.type === "dialogue") return dialogueWidget(q, index, name);
    return choiceWidget(q, index, name);
  }

  Object.assign(CB, { makeWidget: makeWidget });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);
