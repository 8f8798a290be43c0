#!/usr/bin/env python3
"""The code sections of the functions callgrind profiles saw run in a binary, in first-run order.

    hot_text_sections.py BINARY_NAME PROFILE... > app/hot-text.order

With several profiles (the same bot built -O2 and -O3, which inline differently), the list is the
first one's sections followed by those only the next ones ran: each binary finds its own among them.

With -ffunction-sections each function is in a section ".text.<mangled name>", which the linker
can be asked to place first (gold's --section-ordering-file). Static initialisers share
".text.startup"; a complete-object constructor or destructor (C1, D1) is an alias of the
base-object one (C2, D2), whose section holds the code.
"""
import re
import sys

NAME = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")


def functions_run(profile, binary):
    objects, functions = {}, {}
    current_object = called_object = None
    order, seen = [], set()
    with open(profile, errors="replace") as lines:
        for line in lines:
            match = NAME.match(line.rstrip("\n"))
            if not match:
                continue
            kind, number, name = match.groups()
            if kind in ("ob", "cob"):
                if name:
                    objects[number] = name
                if kind == "ob":
                    current_object, called_object = number, None
                else:
                    called_object = number
                continue
            if name and number not in functions:
                owner = current_object if kind == "fn" else (called_object or current_object)
                functions[number] = (name, owner)
            if kind == "cfn":
                called_object = None
                continue
            if number not in functions:
                continue
            name, owner = functions[number]
            name = re.sub(r"'\d+$", "", name)  # callgrind's mark for a recursion level
            if objects.get(owner, "").endswith("/" + binary) and not name.startswith(("0x", "(")) and name not in seen:
                seen.add(name)
                order.append(name)
    return order


def sections(names):
    out, seen = [], set()

    def add(section):
        if section not in seen:
            seen.add(section)
            out.append(section)

    for name in names:
        if name.startswith(("_GLOBAL__sub_I", "__cxx_global_var_init")):
            add(".text.startup")
            continue
        base = re.sub(r"([CD])1([EI])", r"\g<1>2\g<2>", name, count=1)
        add(".text." + base)
        if base != name:
            add(".text." + name)
    return out


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, profiles = sys.argv[1], sys.argv[2:]
    print("\n".join(sections([name for profile in profiles for name in functions_run(profile, binary)])))
