package esign

import (
	"embed"

	"github.com/motcua/motcua/internal/i18n"
)

// messagesFS holds the package's texts for people, one file per language; i18n checks at start
// that every key is in both.
//
//go:embed messages
var messagesFS embed.FS

var msgs = i18n.MustLoad(messagesFS, "messages")
