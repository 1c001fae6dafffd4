"""Documents in several languages: symbols, language versions (original, official and unofficial
translations, certified and corrected), numbered paragraphs, import from text, Markdown, Word and
PDF with the language of each paragraph detected, and versions aligned paragraph by paragraph."""
